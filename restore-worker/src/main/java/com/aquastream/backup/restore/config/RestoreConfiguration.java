package com.aquastream.backup.restore.config;

import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.kafka.KafkaClients;
import com.aquastream.backup.core.kafka.KafkaEventPublisher;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.ObjectStores;
import com.aquastream.backup.core.store.S3ObjectStore;
import com.aquastream.backup.core.store.S3Settings;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.restore.restore.ArchiveFetcher;
import com.aquastream.backup.restore.restore.ArchiveLocator;
import com.aquastream.backup.restore.restore.ArchiveWeights;
import com.aquastream.backup.restore.restore.FallbackArchiveLocator;
import com.aquastream.backup.restore.restore.RestoreService;
import com.aquastream.backup.restore.restore.RestoreTargets;
import com.aquastream.backup.restore.restore.SchemaReplacer;
import com.aquastream.backup.restore.restore.ScratchVerifier;
import com.aquastream.backup.restore.restore.WorkArea;
import com.aquastream.backup.restore.restore.kafka.KafkaSafetyBackups;
import com.aquastream.backup.restore.restore.pg.CrossSchemaReplacer;
import com.aquastream.backup.restore.restore.pg.PgScratchVerifier;
import com.aquastream.backup.restore.restore.pg.PsqlSchemaReplacer;
import com.aquastream.backup.restore.restore.pg.ReferencedArchives;
import com.aquastream.backup.restore.restore.redis.RedisScratchVerifier;
import com.aquastream.backup.restore.restore.redis.RoutingScratchVerifier;
import com.aquastream.backup.restore.restore.store.ManifestArchiveLocator;
import com.aquastream.backup.restore.restore.store.OffsiteFallbackArchiveFetcher;
import com.aquastream.backup.restore.restore.store.StoreArchiveFetcher;
import com.aquastream.backup.restore.restore.store.StoreRestoreLedger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires the restore feature: plain use case and adapters, built explicitly (STYLE rule 10). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RestoreProperties.class)
public class RestoreConfiguration {

    /** Partitions of the topics this service creates if missing (the broker script uses the same). */
    static final int TOPIC_PARTITIONS = 6;
    static final String SERVICE_NAME = "restore-worker";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KafkaAdmin.NewTopics restoreTopics() {
        return new KafkaAdmin.NewTopics(KafkaClients.topics(TOPIC_PARTITIONS, Topics.RESTORE_REQUESTED,
                Topics.RESTORE_COMPLETED, Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED,
                Topics.BACKUP_REQUESTED, Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED,
                Topics.deadLetterOf(Topics.RESTORE_REQUESTED)));
    }

    @Bean(destroyMethod = "close")
    KafkaProducer<String, Event> eventProducer(KafkaProperties kafka) {
        return KafkaClients.eventProducer(kafka.buildProducerProperties(), SERVICE_NAME);
    }

    @Bean(destroyMethod = "close")
    KafkaProducer<String, byte[]> deadLetterProducer(KafkaProperties kafka) {
        return KafkaClients.rawProducer(kafka.buildProducerProperties());
    }

    @Bean(destroyMethod = "close")
    KafkaSafetyBackups safetyBackups(RestoreProperties props, KafkaProperties kafka,
                                     KafkaProducer<String, Event> eventProducer, Clock clock) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaSafetyBackups(eventProducer,
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()),
                props.safetyBackupTimeout(), clock);
    }

    @Bean
    PgConnection restorePostgres(RestoreProperties props) {
        RestoreProperties.Postgres p = props.postgres();
        return new PgConnection(p.host(), p.port(), p.user(),
                p.password() == null || p.password().isBlank() ? null : p.password());
    }

    /** The primary store the backup-worker writes to. */
    @Bean
    ObjectStore primaryStore(RestoreProperties props) throws IOException {
        RestoreProperties.Store s = props.store();
        RestoreProperties.S3 s3 = s.s3();
        return ObjectStores.open(s.type(), s.filesystemRoot(),
                new S3Settings(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), s3.bucket()));
    }

    /** The primary store's backup records, then the offsite copies' when {@code restore.offsite.endpoint} is set. */
    @Bean
    ArchiveLocator archiveLocator(RestoreProperties props, ObjectStore primaryStore) {
        ArchiveLocator fromPrimary = new ManifestArchiveLocator(primaryStore);
        RestoreProperties.Offsite o = props.offsite();
        if (o == null || !o.enabled()) {
            return fromPrimary;
        }
        // Connected on use only, like the fetcher's fallback: the offsite is not a start-up need.
        return new FallbackArchiveLocator(fromPrimary, (database, schema, backupId, asOf) ->
                new ManifestArchiveLocator(offsiteStore(o)).locate(database, schema, backupId, asOf));
    }

    private static ObjectStore offsiteStore(RestoreProperties.Offsite o) throws IOException {
        return S3ObjectStore.connect(
                new S3Settings(o.endpoint(), o.region(), o.accessKey(), o.secretKey(), o.bucket()));
    }

    /** This instance's scratch directory under {@code restore.work-dir}; dead instances' leftovers are deleted. */
    @Bean
    WorkArea workArea(RestoreProperties props) throws IOException {
        return WorkArea.claim(Path.of(props.workDir()));
    }

    /** The primary store, falling back to the offsite copy when {@code restore.offsite.endpoint} is set. */
    @Bean
    ArchiveFetcher archiveFetcher(RestoreProperties props, ObjectStore primaryStore, WorkArea workArea) {
        ArchiveFetcher fromPrimary = new StoreArchiveFetcher(primaryStore, workArea.dir());
        RestoreProperties.Offsite o = props.offsite();
        if (o == null || !o.enabled()) {
            return fromPrimary;
        }
        return new OffsiteFallbackArchiveFetcher(primaryStore,
                fromPrimary, () -> offsiteStore(o),
                Keyring.parse(o.encryptionKeyset(), o.encryptionKeyId(), o.encryptionKey(),
                        o.previousEncryptionKeys()),
                workArea.dir(), Boolean.TRUE.equals(o.acceptV1Copies()));
    }

    /** Where the definitions of schemas that a restored or verified schema references come from. */
    @Bean
    ReferencedArchives referencedArchives(ArchiveLocator archiveLocator, ArchiveFetcher archiveFetcher) {
        return new ReferencedArchives(archiveLocator, archiveFetcher);
    }

    /** Replaces existing schemas; absent ones are restored dependencies first (restore-all, SERVICE.md). */
    @Bean
    SchemaReplacer schemaReplacer(RestoreProperties props, PgConnection restorePostgres,
                                  ReferencedArchives referencedArchives) {
        return new CrossSchemaReplacer(new PsqlSchemaReplacer(restorePostgres, props.maintenanceDatabase(),
                props.parallelJobs(), props.restoreTimeout()), restorePostgres, props.parallelJobs(),
                props.restoreTimeout(), referencedArchives);
    }

    /** VERIFY drills: Redis snapshots ({@code redis/...}) in a throw-away redis-server, the rest in PostgreSQL. */
    @Bean
    ScratchVerifier scratchVerifier(RestoreProperties props, PgConnection restorePostgres, WorkArea workArea,
                                    ReferencedArchives referencedArchives) {
        RestoreProperties.Redis redis = props.redis() != null ? props.redis() : new RestoreProperties.Redis(null);
        return new RoutingScratchVerifier(
                new RedisScratchVerifier(redis.serverCommandOrDefault(),
                        workArea.dir(), props.restoreTimeout()),
                new PgScratchVerifier(restorePostgres, props.maintenanceDatabase(), props.restoreTimeout(),
                        referencedArchives));
    }

    /** {@code GET /actuator/restores} and the {@code restore_worker_restores_active} gauges. */
    @Bean
    RestoresEndpoint restoresEndpoint(RestoreService restoreService, Clock clock, MeterRegistry meters) {
        return new RestoresEndpoint(restoreService.progress(), clock, meters);
    }

    @Bean
    RestoreService restoreService(RestoreProperties props, ArchiveLocator archiveLocator,
                                  ArchiveFetcher archiveFetcher, SchemaReplacer schemaReplacer,
                                  ScratchVerifier scratchVerifier, KafkaProducer<String, Event> eventProducer,
                                  KafkaSafetyBackups safetyBackups, MeterRegistry meters, Clock clock,
                                  ObjectStore primaryStore) {
        if (props.signingKey() == null || props.signingKey().isBlank()) {
            throw new IllegalStateException("restore.signing-key (env RESTORE_SIGNING_KEY) is not set: the"
                    + " restore-worker accepts only signed commands and needs the key shared with the issuers");
        }
        return new RestoreService(
                new RestoreSignatures(props.signingKey().getBytes(StandardCharsets.UTF_8)),
                new RestoreTargets(new HashSet<>(props.allowedDatabases())),
                archiveLocator, archiveFetcher, schemaReplacer, scratchVerifier, safetyBackups,
                new RestoreMetrics(new KafkaEventPublisher(eventProducer)::publish, meters),
                clock, new ArchiveWeights(archiveLocator, archiveFetcher, Duration.ofSeconds(2)),
                new StoreRestoreLedger(primaryStore, clock),
                new RestoreService.Freshness(
                        props.maxCommandAge() != null ? props.maxCommandAge()
                                : RestoreService.Freshness.DEFAULT.maxAge(),
                        props.maxClockSkew() != null ? props.maxClockSkew()
                                : RestoreService.Freshness.DEFAULT.maxClockSkew()));
    }

    /** Started with the context; stopped, letting a running restore end, before the producers close. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    PartitionedJobConsumer restoreRequestedConsumer(RestoreProperties props, KafkaProperties kafka,
                                                    RestoreService service,
                                                    KafkaProducer<String, byte[]> deadLetterProducer, Clock clock) {
        RestoreProperties.Consumer c = props.consumer();
        return KafkaClients.jobConsumer(kafka.buildConsumerProperties(), c.group(), c.autoOffsetReset(), null,
                EventRecordHandler.of(RestoreRequested.class, service::accept), deadLetterProducer,
                new PartitionedJobConsumer.Settings(c.group(), Topics.RESTORE_REQUESTED, c.concurrency(),
                        c.pollTimeout(),
                        c.redeliveryBackoff(), Duration.ofSeconds(20), c.shutdownTimeout(), c.maxAttemptsOrDefault()),
                clock);
    }

    /**
     * Consumer lag (kafka_consumer_fetch_manager_records_lag*) of the job consumer, which Spring Boot does not
     * instrument; its client_id names the group (consumer-{group}-{n}).
     */
    @Bean
    KafkaClientMetrics restoreRequestedConsumerMetrics(PartitionedJobConsumer restoreRequestedConsumer) {
        return restoreRequestedConsumer.instrument(KafkaClientMetrics::new);
    }

    @Bean
    HealthIndicator restoreConsumerHealth(PartitionedJobConsumer restoreRequestedConsumer) {
        return () -> (restoreRequestedConsumer.isRunning() ? Health.up() : Health.down())
                .withDetail("lastPollAt", String.valueOf(restoreRequestedConsumer.lastPollAt()))
                .withDetail("restoresRunning", restoreRequestedConsumer.jobsInFlight())
                .build();
    }
}
