package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A signed command to restore (or verify) one backup.
 *
 * <p>The archive is named by {@code key}, else by {@code backupId}, else it is the schema's newest backup (at or
 * before {@code asOf} when given) — the last two are looked up by the restore-worker in the backups' manifests.
 *
 * @param backupId       the backup to restore; either this or {@code key}
 * @param key            object key to restore when no backup id is given
 * @param targetDatabase defaults to the source database when {@code null}
 * @param safetyBackup   take a PRE_RESTORE backup first; {@code null} means true
 * @param signature      HMAC-SHA256 over the canonical command fields (DESIGN.md, Security)
 * @param force          (added in v1.1) replace the schema even when objects in other schemas depend on it; those
 *                       objects are dropped with it. {@code null} means false
 * @param asOf           (added in v1.1) with neither key nor backup id: the newest backup at or before this time
 * @param batchId        (added in v1.1) shared by the commands of one restore-all, so its progress can be followed
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
        String signature,
        Boolean force,
        Instant asOf,
        UUID batchId) implements RestoreEvent {

    /** The v1 command: no force, the named archive, not part of a batch. */
    public RestoreRequested(UUID eventId, Instant occurredAt, String database, String schema, UUID restoreId,
                            UUID backupId, String key, String targetDatabase, RestoreMode mode,
                            Boolean safetyBackup, String requestedBy, String signature) {
        this(eventId, occurredAt, database, schema, restoreId, backupId, key, targetDatabase, mode, safetyBackup,
                requestedBy, signature, null, null, null);
    }

    public boolean safetyBackupOrDefault() {
        return safetyBackup == null || safetyBackup;
    }

    public boolean forceOrDefault() {
        return force != null && force;
    }

    public String targetDatabaseOrDefault() {
        return targetDatabase == null ? database : targetDatabase;
    }

    /** The same command carrying {@code signature}. */
    public RestoreRequested withSignature(String signature) {
        return new RestoreRequested(eventId, occurredAt, database, schema, restoreId, backupId, key, targetDatabase,
                mode, safetyBackup, requestedBy, signature, force, asOf, batchId);
    }
}
