package com.aquastream.backup.catalog.config;

import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.catalog.backups.kafka.BackupResultHandlers;
import com.aquastream.backup.catalog.clusters.ClusterArchives;
import com.aquastream.backup.catalog.clusters.kafka.ClusterEventHandlers;
import com.aquastream.backup.catalog.restores.RestoreOutcomes;
import com.aquastream.backup.catalog.restores.kafka.RestoreOutcomeHandlers;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.platform.JobConsumers;
import com.aquastream.backup.core.platform.ServiceTopics;
import com.aquastream.backup.events.Topics;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Kafka wiring of the inbound side: the topics, and the one job consumer of the platform that reads every result the
 * catalog records (STYLE rule 16). It is here, not in a feature's package, because it is one consumer for three
 * features: the backups' results ({@code backups.kafka}), the restores' answers ({@code restores.kafka}) and the
 * wal-archiver's base backups, archived WAL and status ({@code clusters.kafka}). Its retry and dead-letter policy is the platform's: malformed records, invalid
 * names and untrusted results go straight to {@code <topic>.DLT}; anything else (the catalog database unreachable) is
 * delivered again every {@code backup.platform.consumer.redelivery-backoff}, up to {@code max-attempts}, before it is
 * dead-lettered, so the consumer never stops or loops on one record.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * Results of different partitions recorded at once: as many as the six single-threaded listeners the catalog had
     * before, well within the database pool.
     */
    static final int CONCURRENCY = 6;

    @Bean
    ServiceTopics catalogTopics() {
        return ServiceTopics.of(Topics.BACKUP_REQUESTED,
                Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.BACKUP_EXPIRED, Topics.RESTORE_REQUESTED,
                Topics.RESTORE_COMPLETED, Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED,
                Topics.deadLetterOf(Topics.BACKUP_COMPLETED), Topics.deadLetterOf(Topics.BACKUP_FAILED),
                Topics.deadLetterOf(Topics.RESTORE_COMPLETED), Topics.deadLetterOf(Topics.RESTORE_VERIFIED),
                Topics.deadLetterOf(Topics.RESTORE_FAILED), Topics.deadLetterOf(Topics.RESTORE_REJECTED),
                Topics.BASEBACKUP_COMPLETED, Topics.BASEBACKUP_FAILED, Topics.WAL_ARCHIVED, Topics.WAL_STATUS,
                Topics.deadLetterOf(Topics.BASEBACKUP_COMPLETED), Topics.deadLetterOf(Topics.BASEBACKUP_FAILED),
                Topics.deadLetterOf(Topics.WAL_ARCHIVED), Topics.deadLetterOf(Topics.WAL_STATUS));
    }

    /** The workers' results, in the service's group ({@code backup.platform.consumer.group}: catalog-service). */
    @Bean
    JobConsumer resultConsumer(JobConsumers consumers, BackupResults results, RestoreOutcomes outcomes,
                               ClusterArchives clusters) {
        return consumers.consume(Map.of(
                Topics.BACKUP_COMPLETED, BackupResultHandlers.completed(results),
                Topics.BACKUP_FAILED, BackupResultHandlers.failed(results),
                Topics.RESTORE_COMPLETED, RestoreOutcomeHandlers.completed(outcomes),
                Topics.RESTORE_VERIFIED, RestoreOutcomeHandlers.verified(outcomes),
                Topics.RESTORE_FAILED, RestoreOutcomeHandlers.failed(outcomes),
                Topics.RESTORE_REJECTED, RestoreOutcomeHandlers.rejected(outcomes),
                Topics.BASEBACKUP_COMPLETED, ClusterEventHandlers.baseBackupCompleted(clusters),
                Topics.BASEBACKUP_FAILED, ClusterEventHandlers.baseBackupFailed(clusters),
                Topics.WAL_ARCHIVED, ClusterEventHandlers.walArchived(clusters),
                Topics.WAL_STATUS, ClusterEventHandlers.walStatus(clusters)), CONCURRENCY);
    }
}
