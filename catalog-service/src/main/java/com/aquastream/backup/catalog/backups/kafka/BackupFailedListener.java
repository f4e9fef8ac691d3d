package com.aquastream.backup.catalog.backups.kafka;

import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;

/** Inbound adapter for {@code backup.failed}: hands each event to the catalog, nothing else. */
public class BackupFailedListener {

    private final BackupResults results;

    public BackupFailedListener(BackupResults results) {
        this.results = results;
    }

    @KafkaListener(id = "catalog-backup-failed", idIsGroup = false, topics = Topics.BACKUP_FAILED)
    void on(BackupFailed event) {
        results.failed(event);
    }
}
