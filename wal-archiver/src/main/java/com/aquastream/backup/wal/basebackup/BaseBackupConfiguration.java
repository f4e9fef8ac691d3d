package com.aquastream.backup.wal.basebackup;

import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.platform.EventPublisher;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.platform.JobConsumers;
import com.aquastream.backup.core.platform.ScheduledTask;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.wal.BaseBackupArchive;
import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.PgBaseBackup;
import com.aquastream.backup.core.wal.ServerPrograms;
import com.aquastream.backup.events.BaseBackupRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.wal.archiving.WalArchiving;
import com.aquastream.backup.wal.archiving.WalSettings;
import com.aquastream.backup.wal.config.WalArchiverProperties;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the base backups: {@link BaseBackupService} on backup-core's {@link PgBaseBackup} (the one place the real
 * runner is chosen), the job consumer of {@code basebackup.requested} and the scheduled task
 * ({@code backup.wal.basebackup.cron}, UTC).
 */
@Configuration(proxyBeanMethods = false)
class BaseBackupConfiguration {

    /**
     * With {@code backup.wal.basebackup.verify} (default true) each stored backup is read back, extracted into
     * {@code backup.wal.basebackup.verify-dir} and checked with pg_verifybackup against its manifest before it is
     * described and announced ({@code manifestVerified}); that needs room for one uncompressed copy of the cluster.
     * Each stored backup is told to its cluster's archiver, whose {@code wal.status} reports the oldest one held
     * ({@code recoverableFrom}) without listing the store again.
     */
    @Bean
    BaseBackupTaker baseBackupTaker(WalSettings settings, ObjectStore objectStore, Clock clock,
                                    WalArchiving walArchiving,
                                    @Value("${backup.wal.basebackup.verify:true}") boolean verify,
                                    @Value("${backup.wal.basebackup.verify-dir:${java.io.tmpdir}/wal-archiver-verify}")
                                    String verifyDir) {
        Path binDir = settings.binDir() != null ? settings.binDir() : Path.of(""); // "": programs from the PATH
        BaseBackupArchive verifier = verify ? new BaseBackupArchive(objectStore,
                new ServerPrograms(binDir, ServerPrograms.defaultOsUser()), Path.of(verifyDir)) : null;
        PgBaseBackup pgBaseBackup = new PgBaseBackup(settings.binDir(), objectStore, new ArchivePipeline(),
                settings.compression(), settings.compressionLevel(), clock, verifier);
        return (cluster, source, backupId) -> {
            BaseBackupResult stored = pgBaseBackup.take(cluster, source, backupId);
            walArchiving.archiver(cluster).baseBackupStored(stored.finishedAt());
            return stored;
        };
    }

    @Bean
    BaseBackupService baseBackupService(WalSettings settings, WalArchiverProperties props, BaseBackupTaker taker,
                                        EventPublisher publisher, ObjectStore objectStore, Clock clock) {
        return new BaseBackupService(settings, taker, publisher::publish, objectStore.name(),
                props.baseBackupMaxAttempts(), props.baseBackupRetryBackoff(), clock);
    }

    /** One base backup at a time in an instance: each reads a whole cluster. */
    @Bean
    JobConsumer baseBackupRequestedConsumer(JobConsumers consumers, BaseBackupService service) {
        return consumers.consume(Topics.BASEBACKUP_REQUESTED, 1,
                EventRecordHandler.of(BaseBackupRequested.class, service::accept));
    }

    @Bean
    ScheduledTask baseBackupSchedule(WalArchiverProperties props, BaseBackupService service) {
        return ScheduledTask.cron("basebackup-schedule", props.baseBackupCron(), service::scheduled);
    }
}
