package com.aquastream.backup.catalog.backups.kafka;

import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;

/** Inbound adapter for {@code backup.completed}: hands each event to the catalog, nothing else. */
public class BackupCompletedListener {

    private final BackupResults results;

    public BackupCompletedListener(BackupResults results) {
        this.results = results;
    }

    @KafkaListener(id = "catalog-backup-completed", idIsGroup = false, topics = Topics.BACKUP_COMPLETED)
    void on(BackupCompleted event) {
        results.completed(event);
    }
}
