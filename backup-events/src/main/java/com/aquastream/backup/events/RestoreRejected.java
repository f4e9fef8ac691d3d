package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/** A restore command was refused before any database was touched (signature, allow-list, checksum...). */
public record RestoreRejected(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID restoreId,
        String reason) implements RestoreEvent {
}
