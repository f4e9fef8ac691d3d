package com.aquastream.backup.core.platform;

import com.aquastream.backup.core.kafka.KafkaClients;
import com.aquastream.backup.core.kafka.KafkaEventPublisher;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.ObjectStores;
import com.aquastream.backup.events.Event;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The platform every service runs on (issue 16): the event publisher port and its producer, one dead-letter and
 * retry policy in one job consumer ({@link JobConsumers}) with its lifecycle, health and metrics, one timer
 * ({@link PlatformTimer} of {@link ScheduledTask} beans), one outbox ({@link JdbcOutbox}, for a service with a
 * database), the creation of the topics a service declares ({@link ServiceTopics}), and the primary object store and
 * PostgreSQL connection from one set of properties ({@link PlatformProperties}, defaults in
 * {@code META-INF/backup-platform/defaults.yml}). A service adds only its use cases and adapters.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class, afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration"})
@ConditionalOnClass(KafkaProperties.class)
@EnableConfigurationProperties(PlatformProperties.class)
public class PlatformAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PlatformAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Idempotent producer of contract events; the CloudEvents {@code ce_source} header is the service's name. */
    @Bean(destroyMethod = "close")
    KafkaProducer<String, Event> eventProducer(KafkaProperties kafka,
                                               @Value("${spring.application.name}") String service) {
        return KafkaClients.eventProducer(kafka.buildProducerProperties(), service);
    }

    @Bean
    EventPublisher eventPublisher(KafkaProducer<String, Event> eventProducer, PlatformProperties props) {
        return new KafkaEventPublisher(eventProducer, props.sendTimeout())::publish;
    }

    /** Copies records that could not be handled to their dead-letter topic, unchanged. */
    @Bean(destroyMethod = "close")
    KafkaProducer<String, byte[]> deadLetterProducer(KafkaProperties kafka) {
        return KafkaClients.rawProducer(kafka.buildProducerProperties());
    }

    /**
     * The job consumers' own timing (readiness, redelivery back-off, revoke and shutdown waits) runs on the system
     * clock, never the service's {@link Clock} bean: a simulated business clock must not stop a consumer.
     */
    @Bean
    JobConsumers jobConsumers(KafkaProperties kafka, PlatformProperties props,
                              KafkaProducer<String, byte[]> deadLetterProducer, MeterRegistry registry) {
        return new JobConsumers(kafka.buildConsumerProperties(), props.consumer(), deadLetterProducer, registry,
                Clock.systemUTC());
    }

    @Bean
    JobConsumersHealth jobConsumersHealthIndicator(ObjectProvider<JobConsumer> consumers) {
        return new JobConsumersHealth(consumers, Clock.systemUTC());
    }

    /**
     * The service's one timer: runs every {@link ScheduledTask} bean. When a task last ran is system time (the tasks
     * themselves read the service's clock).
     */
    @Bean
    PlatformTimer platformTimer(ObjectProvider<ScheduledTask> tasks) {
        return new PlatformTimer(tasks.orderedStream().toList(), Clock.systemUTC());
    }

    @Bean
    TimerHealth timerHealthIndicator(PlatformTimer platformTimer) {
        return new TimerHealth(platformTimer, Clock.systemUTC());
    }

    @Bean
    KafkaAdmin.NewTopics serviceTopicsToCreate(PlatformProperties props, ObjectProvider<ServiceTopics> declared) {
        return new KafkaAdmin.NewTopics(KafkaClients.topics(props.topicPartitions(), declared.orderedStream()
                .flatMap(topics -> topics.names().stream())
                .distinct()
                .toArray(String[]::new)));
    }

    /** The primary store, for services that set {@code backup.platform.store.type}. Never closed by Spring. */
    @Bean(destroyMethod = "")
    @ConditionalOnProperty(prefix = "backup.platform.store", name = "type")
    ObjectStore objectStore(PlatformProperties props) throws IOException {
        PlatformProperties.Store store = props.store();
        ObjectStore opened = ObjectStores.open(store.type(), store.filesystemRoot(), store.s3Settings());
        log.info("primary store: {}", opened.name());
        return opened;
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "backup.platform.postgres", name = "host")
    PgConnection pgConnection(PlatformProperties props) {
        return props.postgres().connection();
    }

    /**
     * The outbox of a service with a database ({@code backup.platform.outbox.table} set): {@link JdbcOutbox}, its
     * relay on the timer (task {@code outbox-relay} every poll interval, {@code outbox-purge} hourly), its health,
     * and the {@link Transactions} port its writes join.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcClient.class)
    @ConditionalOnProperty(prefix = "backup.platform.outbox", name = "table")
    static class OutboxConfiguration {

        @Bean
        JdbcOutbox outbox(DataSource dataSource, PlatformProperties props, Clock clock) {
            return new JdbcOutbox(JdbcClient.create(dataSource), props.outbox().table(), clock);
        }

        @Bean
        OutboxRelay outboxRelay(JdbcOutbox outbox, EventPublisher publisher,
                                PlatformTransactionManager transactionManager, PlatformProperties props, Clock clock) {
            return new OutboxRelay(outbox, publisher, new TransactionTemplate(transactionManager), clock,
                    props.outbox().batchSize());
        }

        /** The unit of work the outbox writes in; a service may define its own (e.g. {@code serializedBy}). */
        @Bean
        @ConditionalOnMissingBean
        Transactions transactions(PlatformTransactionManager transactionManager) {
            return Transactions.of(new TransactionTemplate(transactionManager));
        }

        @Bean
        ScheduledTask outboxRelayTask(OutboxRelay outboxRelay, PlatformProperties props) {
            return ScheduledTask.every(OutboxHealth.RELAY_TASK, props.outbox().pollInterval(), outboxRelay::drain);
        }

        @Bean
        ScheduledTask outboxPurgeTask(OutboxRelay outboxRelay, PlatformProperties props, Clock clock) {
            return ScheduledTask.every("outbox-purge", Duration.ofHours(1),
                    () -> outboxRelay.purgePublishedBefore(clock.instant().minus(props.outbox().keepPublished())));
        }

        @Bean
        OutboxHealth outboxHealthIndicator(OutboxRelay outboxRelay, PlatformTimer platformTimer, Clock clock) {
            return new OutboxHealth(outboxRelay, platformTimer, clock, Clock.systemUTC());
        }
    }
}
