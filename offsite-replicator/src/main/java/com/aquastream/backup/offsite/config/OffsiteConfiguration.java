package com.aquastream.backup.offsite.config;

import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.crypto.OffsiteEncryption;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.kafka.KafkaClients;
import com.aquastream.backup.core.kafka.KafkaEventPublisher;
import com.aquastream.backup.core.security.ExpiryGuard;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.ObjectStores;
import com.aquastream.backup.core.store.S3ObjectStore;
import com.aquastream.backup.core.store.S3Settings;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.offsite.replication.OffsiteExpiry;
import com.aquastream.backup.offsite.replication.OffsiteRetention;
import com.aquastream.backup.offsite.replication.ReplicationLag;
import com.aquastream.backup.offsite.replication.ReplicationService;
import com.aquastream.backup.offsite.replication.ReplicationSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires the replication feature: plain use case and adapters, built explicitly (STYLE rule 10). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OffsiteProperties.class)
public class OffsiteConfiguration {

    /** Partitions of the topics this service creates if missing (the broker script uses the same). */
    static final int TOPIC_PARTITIONS = 6;
    static final String SERVICE_NAME = "offsite-replicator";
    private static final Logger log = LoggerFactory.getLogger(OffsiteConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KafkaAdmin.NewTopics offsiteTopics() {
        return new KafkaAdmin.NewTopics(KafkaClients.topics(TOPIC_PARTITIONS, Topics.BACKUP_COMPLETED,
                Topics.BACKUP_REPLICATED, Topics.REPLICATION_FAILED, Topics.BACKUP_EXPIRED,
                Topics.deadLetterOf(Topics.BACKUP_COMPLETED), Topics.deadLetterOf(Topics.BACKUP_EXPIRED)));
    }

    @Bean(destroyMethod = "close")
    KafkaProducer<String, Event> eventProducer(KafkaProperties kafka) {
        return KafkaClients.eventProducer(kafka.buildProducerProperties(), SERVICE_NAME);
    }

    @Bean(destroyMethod = "close")
    KafkaProducer<String, byte[]> deadLetterProducer(KafkaProperties kafka) {
        return KafkaClients.rawProducer(kafka.buildProducerProperties());
    }

    @Bean
    ReplicationLag replicationLag(Clock clock, MeterRegistry registry) {
        ReplicationLag lag = new ReplicationLag(clock);
        Gauge.builder("offsite.replication.lag", lag, l -> l.lag().toMillis() / 1000.0).baseUnit("seconds")
                .description("How long the oldest completed backup has waited for its offsite copy")
                .register(registry);
        Gauge.builder("offsite.replication.pending", lag, ReplicationLag::pending)
                .description("Completed backups waiting for their offsite copy").register(registry);
        return lag;
    }

    @Bean(destroyMethod = "")
    ObjectStore primaryStore(OffsiteProperties props) throws IOException {
        OffsiteProperties.Store p = props.primary();
        return ObjectStores.open(p.type(), p.filesystemRoot(), settings(p.s3()));
    }

    @Bean(destroyMethod = "")
    ObjectStore offsiteStore(OffsiteProperties props) throws IOException {
        return S3ObjectStore.connect(settings(props.offsite()));
    }

    @Bean
    ReplicationService replicationService(OffsiteProperties props, ObjectStore primaryStore, ObjectStore offsiteStore,
                                          KafkaProducer<String, Event> eventProducer, ReplicationLag lag,
                                          Clock clock, MeterRegistry registry) {
        ReplicationSettings settings = new ReplicationSettings(
                props.tiers().stream().map(Tier::valueOf).collect(Collectors.toSet()), props.target(),
                keyring(props));
        return new ReplicationService(primaryStore, offsiteStore,
                new MeteredReplicationEvents(new KafkaEventPublisher(eventProducer)::publish, registry), settings,
                lag, clock);
    }

    /** Started with the context and stopped (letting running copies end) before the producers close. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    PartitionedJobConsumer backupCompletedConsumer(OffsiteProperties props, KafkaProperties kafka,
                                                   ReplicationService service,
                                                   KafkaProducer<String, byte[]> deadLetterProducer, Clock clock) {
        return jobConsumer(props, kafka, props.consumer().group(), Topics.BACKUP_COMPLETED, 2, EventRecordHandler.of(BackupCompleted.class, service::accept),
                deadLetterProducer, clock);
    }

    /** Offsite expiries have their own group: every expiry reaches one instance, next to the copying. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    PartitionedJobConsumer backupExpiredConsumer(OffsiteProperties props, KafkaProperties kafka,
                                                 ObjectStore offsiteStore,
                                                 KafkaProducer<String, byte[]> deadLetterProducer, Clock clock) {
        OffsiteExpiry expiry = new OffsiteExpiry(offsiteStore,
                new OffsiteRetention(props.retention().weekly(), props.retention().monthly()),
                expiryGuard(props.expiry()));
        return jobConsumer(props, kafka, props.consumer().group() + "-expiry", Topics.BACKUP_EXPIRED, 1,
                EventRecordHandler.of(BackupExpired.class, expiry::accept), deadLetterProducer, clock);
    }

    /**
     * The checks every {@code backup.expired} passes before an offsite copy is deleted. Without a key the service
     * still copies, but deletes nothing offsite: each expiry is dead-lettered, and the start says so.
     */
    static ExpiryGuard expiryGuard(OffsiteProperties.Expiry expiry) {
        String keyId = expiry == null || expiry.keyId() == null || expiry.keyId().isBlank() ? "expiry-1"
                : expiry.keyId().trim();
        ExpiryGuard guard = ExpiryGuard.fromSettings(keyId, expiry == null ? null : expiry.signingKey(),
                expiry == null ? null : expiry.previousKeys(), "offsite.expiry.signing-key / EXPIRY_SIGNING_KEY");
        if (guard.enabled()) {
            log.info("offsite expiries are enabled: backup.expired signed by the catalog with key id {} is checked"
                    + " and applied", keyId);
        } else {
            log.warn("offsite expiries are DISABLED: no expiry signing key (offsite.expiry.signing-key /"
                    + " EXPIRY_SIGNING_KEY); every backup.expired is refused and dead-lettered, no copy is deleted");
        }
        return guard;
    }

    private static PartitionedJobConsumer jobConsumer(OffsiteProperties props, KafkaProperties kafka, String groupId,
                                                      String topic, int concurrency, RecordHandler handler,
                                                      KafkaProducer<String, byte[]> deadLetterProducer, Clock clock) {
        OffsiteProperties.Consumer c = props.consumer();
        return KafkaClients.jobConsumer(kafka.buildConsumerProperties(), groupId, c.autoOffsetReset(), null, handler,
                deadLetterProducer, new PartitionedJobConsumer.Settings(groupId, topic, concurrency, c.pollTimeout(),
                        c.redeliveryBackoff(), Duration.ofSeconds(20), c.shutdownTimeout(), c.maxAttemptsOrDefault()),
                clock);
    }

    /**
     * Consumer lag (kafka_consumer_fetch_manager_records_lag*) of both job consumers, which Spring Boot does not
     * instrument; their client_id names the group (consumer-{group}-{n}).
     */
    @Bean
    KafkaClientMetrics backupCompletedConsumerMetrics(PartitionedJobConsumer backupCompletedConsumer) {
        return backupCompletedConsumer.instrument(KafkaClientMetrics::new);
    }

    @Bean
    KafkaClientMetrics backupExpiredConsumerMetrics(PartitionedJobConsumer backupExpiredConsumer) {
        return backupExpiredConsumer.instrument(KafkaClientMetrics::new);
    }

    @Bean
    HealthIndicator replicationConsumerHealth(PartitionedJobConsumer backupCompletedConsumer,
                                              PartitionedJobConsumer backupExpiredConsumer) {
        return () -> (backupCompletedConsumer.isRunning() && backupExpiredConsumer.isRunning() ? Health.up()
                : Health.down())
                .withDetail("lastPollAt", String.valueOf(backupCompletedConsumer.lastPollAt()))
                .withDetail("jobsRunning", backupCompletedConsumer.jobsInFlight())
                .withDetail("expiryLastPollAt", String.valueOf(backupExpiredConsumer.lastPollAt()))
                .build();
    }

    /**
     * The encryption keys; the empty keyring (copies stored as they are) when no key is configured.
     *
     * @throws IllegalStateException when only legacy keys are set: they no longer encrypt, and storing copies in
     *                               plaintext instead would be a silent downgrade
     */
    static Keyring keyring(OffsiteProperties props) {
        OffsiteProperties.Encryption e = props.encryption();
        Keyring keyring = e == null ? Keyring.empty()
                : Keyring.parse(e.keyset(), e.keyId(), e.key(), e.previousKeys());
        if (keyring.encrypts()) {
            log.info("offsite copies are encrypted ({}) with key id {}; keyring {}", OffsiteEncryption.SCHEME,
                    keyring.primaryKeyId().orElseThrow(), keyring.ids());
        } else if (!keyring.isEmpty()) {
            throw new IllegalStateException("OFFSITE_ENCRYPTION_KEY is set but OFFSITE_ENCRYPTION_KEYSET is not:"
                    + " offsite copies are encrypted with a Tink keyset now, and the raw keys only decrypt copies"
                    + " written before; add a keyset (bin/compose-env adds one; offsite-replicator/SERVICE.md,"
                    + " \"Encryption\") and keep the old keys while their copies are kept");
        } else {
            log.info("offsite copies are NOT encrypted: set OFFSITE_ENCRYPTION_KEYSET to encrypt them");
        }
        return keyring;
    }

    private static S3Settings settings(OffsiteProperties.S3 s3) {
        return new S3Settings(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), s3.bucket());
    }
}
