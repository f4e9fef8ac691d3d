package com.aquastream.backup.core.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.util.ReflectionTestUtils;

/** The platform's wiring, without a broker: Kafka clients connect only when used. */
class PlatformAutoConfigurationTest {

    @TempDir
    Path root;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withInitializer(context -> new PlatformDefaults().postProcessEnvironment(
                        (ConfigurableEnvironment) context.getEnvironment(), null))
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                        PlatformAutoConfiguration.class))
                .withUserConfiguration(Meters.class)
                .withPropertyValues("spring.application.name=test-service", "KAFKA_PASSWORD=unused",
                        "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1", "spring.kafka.admin.auto-create=false");
    }

    @Test
    void oneSetOfDefaultsForEveryService() {
        runner().run(context -> {
            PlatformProperties props = context.getBean(PlatformProperties.class);
            assertThat(props.topicPartitions()).isEqualTo(6);
            assertThat(props.consumer().group()).isEqualTo("test-service");
            assertThat(props.consumer().maxAttempts()).isEqualTo(3);
            assertThat(props.consumer().revokeWait()).isEqualTo(Duration.ofSeconds(20));
            assertThat(props.consumer().autoOffsetReset()).isEqualTo("earliest");
            assertThat(context.getEnvironment().getProperty("spring.kafka.properties.sasl.jaas.config"))
                    .contains("username=\"test-service\"").contains("password=\"unused\"");
            assertThat(context.getEnvironment().getProperty("management.metrics.tags.service"))
                    .isEqualTo("test-service");
            assertThat(context).hasSingleBean(EventPublisher.class).hasSingleBean(JobConsumers.class)
                    .hasSingleBean(PgConnection.class);
            // no store unless the service asks for one
            assertThat(context).doesNotHaveBean(ObjectStore.class);
        });
    }

    @Test
    void aServiceOverridesAnyDefault() {
        runner().withPropertyValues("backup.platform.consumer.max-attempts=10", "backup.platform.topic-partitions=3",
                "backup.platform.postgres.host=db.example", "backup.platform.postgres.password=")
                .run(context -> {
                    PlatformProperties props = context.getBean(PlatformProperties.class);
                    assertThat(props.consumer().maxAttempts()).isEqualTo(10);
                    assertThat(props.topicPartitions()).isEqualTo(3);
                    PgConnection pg = context.getBean(PgConnection.class);
                    assertThat(pg.host()).isEqualTo("db.example");
                    assertThat(pg.password()).isNull();
                });
    }

    @Test
    void opensThePrimaryStoreTheServiceNames() {
        runner().withPropertyValues("backup.platform.store.type=filesystem",
                        "backup.platform.store.filesystem-root=" + root)
                .run(context -> assertThat(context.getBean(ObjectStore.class))
                        .isInstanceOf(FilesystemObjectStore.class));
    }

    @Test
    void createsTheTopicsServicesDeclareOnceEach() {
        runner().withUserConfiguration(TwoDeclarations.class).withPropertyValues("backup.platform.topic-partitions=4")
                .run(context -> {
                    // what KafkaAdmin creates at start (NewTopics keeps its list package-private)
                    Collection<NewTopic> created = ReflectionTestUtils.invokeMethod(
                            context.getBean(KafkaAdmin.NewTopics.class), "getNewTopics");
                    NewTopic[] topics = created.toArray(NewTopic[]::new);
                    assertThat(Arrays.stream(topics).map(NewTopic::name)).containsExactly("a", "b", "c");
                    assertThat(Arrays.stream(topics).map(NewTopic::numPartitions)).containsOnly(4);
                });
    }

    @Test
    void healthIsUpWithoutConsumersAndDownForAConsumerThatNeverPolled() {
        runner().run(context -> assertThat(context.getBean(JobConsumersHealth.class).health().getStatus())
                .isEqualTo(Status.UP));
        runner().withUserConfiguration(OneConsumer.class).run(context -> {
            // never started: no poll
            assertThat(context.getBean(JobConsumersHealth.class).health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(context.getBean(JobConsumersHealth.class).health().getDetails()).containsKey("jobs.topic");
            assertThat(context.getBean(JobConsumer.class).group()).isEqualTo("test-service");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDeclarations {
        @Bean
        ServiceTopics first() {
            return ServiceTopics.of("a", "b");
        }

        @Bean
        ServiceTopics second() {
            return ServiceTopics.of("b", "c");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OneConsumer {
        @Bean
        JobConsumer jobsConsumer(JobConsumers consumers) {
            return consumers.consume("jobs.topic", 1, record -> {
                throw new AssertionError("never polled");
            });
        }
    }
}
