package com.aquastream.backup.worker.backup;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.pg.PgDumpSchemaDumper;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.platform.EventPublisher;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.platform.JobConsumers;
import com.aquastream.backup.core.platform.ServiceTopics;
import com.aquastream.backup.core.redis.RedisEndpoint;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.worker.backup.pg.PgAdvisorySchemaLocks;
import com.aquastream.backup.worker.backup.pg.PgSchemaArchiver;
import com.aquastream.backup.worker.backup.redis.RedisSnapshotArchiver;
import com.aquastream.backup.worker.backup.store.ObjectStoreManifests;
import com.aquastream.backup.worker.config.WorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the backup feature: the plain use case {@link BackupService} and its adapters ({@code pg}, {@code redis},
 * {@code store}), built explicitly (STYLE rule 10). It lives in the feature's package so the use case, its settings
 * and its helpers stay package-private; the platform's beans ({@link JobConsumers}, {@link EventPublisher},
 * {@link ObjectStore}, {@link PgConnection}) come from backup-core's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
class BackupConfiguration {

    /** The topics of backups: requests in (and their dead letters), results out. */
    @Bean
    ServiceTopics backupWorkerTopics() {
        return ServiceTopics.of(Topics.BACKUP_REQUESTED, Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED,
                Topics.deadLetterOf(Topics.BACKUP_REQUESTED));
    }

    @Bean
    BackupEvents backupEvents(EventPublisher publisher, MeterRegistry registry) {
        return new MeteredBackupEvents(publisher::publish, registry);
    }

    /** pg_dump for PostgreSQL schemas, the replication stream's snapshot for Redis instances. */
    @Bean
    SchemaArchiver schemaArchiver(WorkerProperties props, ObjectStore store, PgConnection pg, Clock clock) {
        PgDumpSchemaDumper dumper = new PgDumpSchemaDumper(pg, Path.of("pg_dump"), props.dumpTimeout());
        PgSchemaArchiver pgArchiver = new PgSchemaArchiver(pg, dumper, new ArchivePipeline(), store,
                new PgSchemaArchiver.ArchiveSettings(props.pgDumpCompressLevel(), props.compressionLevel()), clock);
        RedisSnapshotArchiver redisArchiver = new RedisSnapshotArchiver(redisEndpoints(props.redis()),
                new ArchivePipeline(), store, redisCompressionLevel(props), clock);
        return TargetRouting.archiver(pgArchiver, redisArchiver);
    }

    @Bean
    BackupService backupService(WorkerProperties props, ObjectStore store, PgConnection pg, SchemaArchiver archiver,
                                BackupEvents events, Clock clock) {
        Compression compression = Compression.fromWireName(props.compression());
        WorkerProperties.Retry r = props.retry();
        return new BackupService(targets(props), archiver,
                TargetRouting.locks(new PgAdvisorySchemaLocks(pg, Duration.ofSeconds(1)),
                        new InProcessSchemaLocks(Duration.ofSeconds(1))),
                new ObjectStoreManifests(store, new EventCodec()), events,
                new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.multiplier(), r.maxBackoff()),
                compression, store.name(), clock, props.maxClockSkew());
    }

    @Bean
    JobConsumer backupRequestConsumer(JobConsumers consumers, WorkerProperties props, BackupService service) {
        return consumers.consume(Topics.BACKUP_REQUESTED, props.groupId(), props.concurrency(),
                EventRecordHandler.of(BackupRequested.class, service::accept));
    }

    static BackupTargets targets(WorkerProperties props) {
        Map<String, Set<String>> databases = new HashMap<>();
        if (props.databases() != null) {
            props.databases().forEach((db, schemas) -> databases.put(db, new HashSet<>(schemas)));
        }
        if (databases.containsKey(BackupTargets.REDIS)) {
            throw new IllegalStateException("backup.worker.databases must not name a database \"redis\": it is "
                    + "the name of the Redis targets (backup.worker.redis.instances)");
        }
        Set<String> redisInstances = redisEndpoints(props.redis()).keySet();
        if (!redisInstances.isEmpty()) {
            databases.put(BackupTargets.REDIS, redisInstances);
        }
        return new BackupTargets(databases, setOf(props.onlySchemas()), setOf(props.excludedSchemas()));
    }

    /**
     * Configured Redis instances by name. Names become object keys and message keys, so they are checked like schema
     * names; a password is looked up by the same name.
     */
    static Map<String, RedisEndpoint> redisEndpoints(WorkerProperties.Redis redis) {
        if (redis == null || redis.instances() == null) {
            return Map.of();
        }
        Duration timeout = redis.timeout() == null ? Duration.ofSeconds(60) : redis.timeout();
        Map<String, String> passwords = redis.passwords() == null ? Map.of() : redis.passwords();
        Map<String, RedisEndpoint> endpoints = new HashMap<>();
        redis.instances().forEach((name, address) -> {
            Identifiers.requireIdentifier("Redis instance", name);
            endpoints.put(name, RedisEndpoint.parse(address, blankToNull(passwords.get(name)), timeout));
        });
        return endpoints;
    }

    private static int redisCompressionLevel(WorkerProperties props) {
        return props.redis() == null || props.redis().compressionLevel() <= 0 ? 6 : props.redis().compressionLevel();
    }

    private static Set<String> setOf(List<String> values) {
        return values == null ? Set.of() : new HashSet<>(values);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
