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
 * @param sha256         (added in v1.2) the SHA-256 (hex) the issuer knows the archive to have: the restore-worker
 *                       refuses an archive whose bytes have another one. {@code null}: not bound to bytes
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
        UUID batchId,
        String sha256) implements RestoreEvent {

    /** The v1 command: no force, the named archive, not part of a batch. */
    public RestoreRequested(UUID eventId, Instant occurredAt, String database, String schema, UUID restoreId,
                            UUID backupId, String key, String targetDatabase, RestoreMode mode,
                            Boolean safetyBackup, String requestedBy, String signature) {
        this(eventId, occurredAt, database, schema, restoreId, backupId, key, targetDatabase, mode, safetyBackup,
                requestedBy, signature, null, null, null, null);
    }

    /** The v1.1 command: not bound to the archive's bytes. */
    public RestoreRequested(UUID eventId, Instant occurredAt, String database, String schema, UUID restoreId,
                            UUID backupId, String key, String targetDatabase, RestoreMode mode,
                            Boolean safetyBackup, String requestedBy, String signature, Boolean force, Instant asOf,
                            UUID batchId) {
        this(eventId, occurredAt, database, schema, restoreId, backupId, key, targetDatabase, mode, safetyBackup,
                requestedBy, signature, force, asOf, batchId, null);
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

    /** The same command bound to the archive whose SHA-256 is {@code sha256} (to be signed afterwards). */
    public RestoreRequested withSha256(String sha256) {
        return new RestoreRequested(eventId, occurredAt, database, schema, restoreId, backupId, key, targetDatabase,
                mode, safetyBackup, requestedBy, signature, force, asOf, batchId, sha256);
    }

    /** The same command carrying {@code signature}. */
    public RestoreRequested withSignature(String signature) {
        return new RestoreRequested(eventId, occurredAt, database, schema, restoreId, backupId, key, targetDatabase,
                mode, safetyBackup, requestedBy, signature, force, asOf, batchId, sha256);
    }
}
