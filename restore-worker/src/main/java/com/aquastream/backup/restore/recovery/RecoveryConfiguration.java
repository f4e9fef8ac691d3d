package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.platform.EventPublisher;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.platform.JobConsumers;
import com.aquastream.backup.core.pitr.PointInTimeRecovery;
import com.aquastream.backup.core.platform.ServiceTopics;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.S3ObjectStore;
import com.aquastream.backup.core.store.S3Settings;
import com.aquastream.backup.core.wal.ServerPrograms;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.restore.config.RestoreProperties;
import com.aquastream.backup.restore.recovery.actuator.RestoreMetrics;
import com.aquastream.backup.restore.recovery.actuator.RestoresEndpoint;
import com.aquastream.backup.restore.recovery.kafka.KafkaSafetyBackups;
import com.aquastream.backup.restore.recovery.pg.CrossSchemaReplacer;
import com.aquastream.backup.restore.recovery.pg.PgScratchVerifier;
import com.aquastream.backup.restore.recovery.pg.PsqlSchemaReplacer;
import com.aquastream.backup.restore.recovery.pg.ReferencedArchives;
import com.aquastream.backup.restore.recovery.pitr.ArchivePointInTime;
import com.aquastream.backup.restore.recovery.redis.RedisScratchVerifier;
import com.aquastream.backup.restore.recovery.redis.RoutingScratchVerifier;
import com.aquastream.backup.restore.recovery.store.ManifestArchiveLocator;
import com.aquastream.backup.restore.recovery.store.OffsiteFallbackArchiveFetcher;
import com.aquastream.backup.restore.recovery.store.StoreArchiveFetcher;
import com.aquastream.backup.restore.recovery.store.StoreRestoreLedger;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the recovery feature: the plain use case and its adapters, built explicitly (STYLE rule 10). It lives in the
 * feature's package so the use case and its helpers stay package-private; the adapters it builds are public in their
 * technology sub-packages.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RestoreProperties.class)
class RecoveryConfiguration {

    @Bean
    ServiceTopics restoreTopics() {
        return ServiceTopics.of(Topics.RESTORE_REQUESTED, Topics.RESTORE_COMPLETED, Topics.RESTORE_VERIFIED,
                Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED, Topics.BACKUP_REQUESTED, Topics.BACKUP_COMPLETED,
                Topics.BACKUP_FAILED, Topics.deadLetterOf(Topics.RESTORE_REQUESTED));
    }

    @Bean(destroyMethod = "close")
    KafkaSafetyBackups safetyBackups(RestoreProperties props, EventPublisher publisher, JobConsumers consumers,
                                     Clock clock) {
        return new KafkaSafetyBackups(publisher, consumers.newReader(), props.safetyBackupTimeout(), clock);
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
    SchemaReplacer schemaReplacer(RestoreProperties props, PgConnection postgres,
                                  ReferencedArchives referencedArchives) {
        return new CrossSchemaReplacer(new PsqlSchemaReplacer(postgres, props.maintenanceDatabase(),
                props.parallelJobs(), props.restoreTimeout()), postgres, props.parallelJobs(),
                props.restoreTimeout(), referencedArchives);
    }

    /** VERIFY drills: Redis snapshots ({@code redis/...}) in a throw-away redis-server, the rest in PostgreSQL. */
    @Bean
    ScratchVerifier scratchVerifier(RestoreProperties props, PgConnection postgres, WorkArea workArea,
                                    ReferencedArchives referencedArchives) {
        RestoreProperties.Redis redis = props.redis() != null ? props.redis() : new RestoreProperties.Redis(null);
        return new RoutingScratchVerifier(
                new RedisScratchVerifier(redis.serverCommandOrDefault(),
                        workArea.dir(), props.restoreTimeout()),
                new PgScratchVerifier(postgres, props.maintenanceDatabase(), props.restoreTimeout(),
                        referencedArchives));
    }

    /** {@code GET /actuator/restores} and the {@code restore_worker_restores_active} gauges. */
    @Bean
    RestoresEndpoint restoresEndpoint(RestoreService restoreService, Clock clock, MeterRegistry meters) {
        return new RestoresEndpoint(restoreService.progress(), clock, meters);
    }

    /** Mode PITR: recoveries of {@code restore.pitr.cluster} from the primary store, in this instance's area. */
    @Bean
    PointInTime pointInTime(RestoreProperties props, ObjectStore primaryStore, WorkArea workArea) {
        RestoreProperties.Pitr pitr = props.pitr();
        if (pitr == null || pitr.cluster() == null || pitr.cluster().isBlank()) {
            return PointInTime.unavailable("point-in-time recovery is not configured (restore.pitr.cluster)");
        }
        String osUser = pitr.osUser() == null || pitr.osUser().isBlank() ? ServerPrograms.defaultOsUser()
                : pitr.osUser();
        ServerPrograms programs = new ServerPrograms(Path.of(pitr.binDir()), osUser);
        return new ArchivePointInTime(new PointInTimeRecovery(primaryStore, programs, Path.of(pitr.workDir())),
                pitr.cluster(), pitr.superuser(), pitr.timeout(), workArea.dir());
    }

    @Bean
    RestoreService restoreService(RestoreProperties props, ArchiveLocator archiveLocator,
                                  ArchiveFetcher archiveFetcher, SchemaReplacer schemaReplacer,
                                  ScratchVerifier scratchVerifier, EventPublisher publisher,
                                  KafkaSafetyBackups safetyBackups, MeterRegistry meters, Clock clock,
                                  ObjectStore primaryStore, PointInTime pointInTime) {
        if (props.signingKey() == null || props.signingKey().isBlank()) {
            throw new IllegalStateException("restore.signing-key (env RESTORE_SIGNING_KEY) is not set: the"
                    + " restore-worker accepts only signed commands and needs the key shared with the issuers");
        }
        return new RestoreService(
                new RestoreSignatures(props.signingKey().getBytes(StandardCharsets.UTF_8)),
                new RestoreTargets(new HashSet<>(props.allowedDatabases())),
                archiveLocator, archiveFetcher, schemaReplacer, scratchVerifier, safetyBackups,
                new RestoreMetrics(publisher::publish, meters),
                clock, new ArchiveWeights(archiveLocator, archiveFetcher, Duration.ofSeconds(2)),
                new StoreRestoreLedger(primaryStore, clock),
                new RestoreService.Freshness(
                        props.maxCommandAge() != null ? props.maxCommandAge()
                                : RestoreService.Freshness.DEFAULT.maxAge(),
                        props.maxClockSkew() != null ? props.maxClockSkew()
                                : RestoreService.Freshness.DEFAULT.maxClockSkew()),
                pointInTime);
    }

    /** Restores of different schemas run at once, up to {@code restore.concurrency}. */
    @Bean
    JobConsumer restoreRequestedConsumer(JobConsumers consumers, RestoreProperties props, RestoreService service) {
        return consumers.consume(Topics.RESTORE_REQUESTED, props.concurrency(),
                EventRecordHandler.of(RestoreRequested.class, service::accept));
    }
}
