package com.aquastream.backup.catalog.backups.kafka;

import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;

/** Inbound adapter for {@code restore.rejected}: a checksum mismatch marks the backup CORRUPT. */
public class RestoreRejectedListener {

    private final BackupResults results;

    public RestoreRejectedListener(BackupResults results) {
        this.results = results;
    }

    @KafkaListener(id = "catalog-restore-rejected", idIsGroup = false, topics = Topics.RESTORE_REJECTED)
    void on(RestoreRejected event) {
        results.rejectedRestore(event);
    }
}
