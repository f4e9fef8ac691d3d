package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/** An alert condition cleared. */
public record AlertResolved(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID alertId,
        String rule,
        String severity,
        String message,
        Instant firstSeenAt) implements AlertEvent {
}
