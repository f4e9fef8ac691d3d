package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/** An offsite copy could not be made or did not verify. */
public record ReplicationFailed(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID backupId,
        String key,
        String target,
        String sha256,
        String reason) implements ReplicationEvent {
}
