package com.aquastream.backup.catalog.restores.kafka;

import com.aquastream.backup.catalog.restores.RestoreOutcomes;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Inbound adapter for {@code restore.failed}: a failed restore or drill. Hands each event to the catalog, nothing
 * else.
 */
public class RestoreFailedListener {

    private final RestoreOutcomes outcomes;

    public RestoreFailedListener(RestoreOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @KafkaListener(id = "catalog-restore-failed", idIsGroup = false, topics = Topics.RESTORE_FAILED)
    void on(RestoreFailed event) {
        outcomes.failed(event);
    }
}
