package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/** An alert condition became true for a (rule, schema). */
public record AlertRaised(
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
