package com.aquastream.backup.catalog.restores.kafka;

import com.aquastream.backup.catalog.restores.RestoreOutcomes;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Inbound adapter for {@code restore.completed}: a completed restore. Hands each event to the catalog, nothing else.
 */
public class RestoreCompletedListener {

    private final RestoreOutcomes outcomes;

    public RestoreCompletedListener(RestoreOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @KafkaListener(id = "catalog-restore-completed", idIsGroup = false, topics = Topics.RESTORE_COMPLETED)
    void on(RestoreCompleted event) {
        outcomes.completed(event);
    }
}
