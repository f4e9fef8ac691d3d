package com.aquastream.backup.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A restore replaced the target schema with the backup's state. */
public record RestoreCompleted(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID restoreId,
        UUID backupId,
        String key,
        String sha256,
        long durationMs,
        List<TableCheck> checks) implements RestoreEvent {
}
