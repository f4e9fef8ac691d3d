package com.aquastream.backup.catalog.restores.kafka;

import com.aquastream.backup.catalog.restores.RestoreOutcomes;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Inbound adapter for {@code restore.verified}: a verification drill that found every table's rows; sets the backup's
 * verifiedAt. Hands each event to the catalog, nothing else.
 */
public class RestoreVerifiedListener {

    private final RestoreOutcomes outcomes;

    public RestoreVerifiedListener(RestoreOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @KafkaListener(id = "catalog-restore-verified", idIsGroup = false, topics = Topics.RESTORE_VERIFIED)
    void on(RestoreVerified event) {
        outcomes.verified(event);
    }
}
