package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/** A restore or verification failed after it started; the target is as it was before. */
public record RestoreFailed(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID restoreId,
        String reason) implements RestoreEvent {
}
