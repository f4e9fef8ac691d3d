package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.events.AlertEvent;
import java.util.List;
import java.util.UUID;

/**
 * Alert events stored in the same transaction as the decision that made them, and published afterwards: a crash
 * between the two delays the event but never loses it.
 */
public interface AlertOutbox {

    void add(AlertEvent event);

    /** Stored and not yet published, in the order they were added. */
    List<AlertEvent> unpublished();

    void published(UUID eventId);
}
