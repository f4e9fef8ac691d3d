package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/** An object was copied to the offsite store and its checksum verified there. */
public record BackupReplicated(
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
