package com.aquastream.backup.catalog.restores.kafka;

import com.aquastream.backup.catalog.restores.RestoreOutcomes;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Inbound adapter for {@code restore.rejected}: a refused command; a checksum mismatch marks the backup CORRUPT.
 * Hands each event to the catalog, nothing else.
 */
public class RestoreRejectedListener {

    private final RestoreOutcomes outcomes;

    public RestoreRejectedListener(RestoreOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @KafkaListener(id = "catalog-restore-rejected", idIsGroup = false, topics = Topics.RESTORE_REJECTED)
    void on(RestoreRejected event) {
        outcomes.rejected(event);
    }
}
