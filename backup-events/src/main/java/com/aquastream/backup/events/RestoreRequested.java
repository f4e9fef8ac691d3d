package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A signed command to restore (or verify) one backup.
 *
 * @param backupId       the backup to restore; either this or {@code key}
 * @param key            object key to restore when no backup id is given
 * @param targetDatabase defaults to the source database when {@code null}
 * @param safetyBackup   take a PRE_RESTORE backup first; {@code null} means true
 * @param signature      HMAC-SHA256 over the canonical command fields (DESIGN.md, Security)
 */
public record RestoreRequested(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID restoreId,
        UUID backupId,
        String key,
        String targetDatabase,
        RestoreMode mode,
        Boolean safetyBackup,
        String requestedBy,
        String signature) implements RestoreEvent {

    public boolean safetyBackupOrDefault() {
        return safetyBackup == null || safetyBackup;
    }

    public String targetDatabaseOrDefault() {
        return targetDatabase == null ? database : targetDatabase;
    }
}
