package com.aquastream.backup.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Retention decided that these objects of a backup go; the owner of the store deletes them and their sidecars. */
public record BackupExpired(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID backupId,
        List<StoredObject> objects,
        String reason) implements BackupEvent {
}
