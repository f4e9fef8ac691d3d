package com.aquastream.backup.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A verification drill restored the backup into a scratch database and every table had its recorded rows. */
public record RestoreVerified(
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
