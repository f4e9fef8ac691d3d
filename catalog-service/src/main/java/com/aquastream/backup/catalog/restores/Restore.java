package com.aquastream.backup.catalog.restores;

import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One restore (or verification) command and its outcome as the catalog knows it.
 *
 * <p>For a command the catalog issued, the request fields are what it signed; for a restore someone else issued
 * (the CLI) the catalog only knows what the outcome event told, so the request fields are {@code null}.
 *
 * @param targetDatabase {@code null}: the source database
 * @param durationMs     how long the restore-worker took, from a completed / verified outcome
 * @param recovery       what a completed point-in-time recovery reached; null for every other restore
 */
public record Restore(
        UUID restoreId,
        UUID batchId,
        String database,
        String schema,
        UUID backupId,
        String key,
        String targetDatabase,
        RestoreMode mode,
        Boolean safetyBackup,
        Boolean force,
        Instant asOf,
        String requestedBy,
        Instant requestedAt,
        RestoreStatus status,
        String reason,
        Long durationMs,
        Instant finishedAt,
        Recovery recovery) {

    /**
     * The outcome of a completed point-in-time recovery ({@code restore.completed} v1.3).
     *
     * @param recoveredTo   commit time of the last transaction replayed; null when the WAL held none
     * @param endOfArchive  the archive ended before {@code asOf}: everything archived was replayed
     * @param dataDirectory for a whole cluster, the recovered data directory on the restore-worker's host
     * @param nextSteps     for a whole cluster, what the operator does next
     */
    public record Recovery(Instant recoveredTo, Boolean endOfArchive, String dataDirectory, String nextSteps) {

        /** Null when the event tells nothing of a recovery (a restore of an archive). */
        public static Recovery ofNullable(Instant recoveredTo, Boolean endOfArchive, String dataDirectory,
                                          String nextSteps) {
            return recoveredTo == null && endOfArchive == null && dataDirectory == null && nextSteps == null ? null
                    : new Recovery(recoveredTo, endOfArchive, dataDirectory, nextSteps);
        }
    }

    public Restore {
        Objects.requireNonNull(restoreId, "restoreId");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(status, "status");
    }

    /** The row of a command the catalog is about to publish. */
    static Restore requested(RestoreRequested command) {
        return new Restore(command.restoreId(), command.batchId(), command.database(), command.schema(),
                command.backupId(), command.key(), command.targetDatabase(), command.mode(),
                command.safetyBackupOrDefault(), command.forceOrDefault(), command.asOf(), command.requestedBy(),
                command.occurredAt(), RestoreStatus.REQUESTED, null, null, null, null);
    }

    /** The same restore with its outcome; the backup id and key fill in what an unknown restore did not tell. */
    Restore finished(RestoreStatus outcome, String why, Long took, Instant at, UUID eventBackupId,
                            String eventKey, Recovery reached) {
        return new Restore(restoreId, batchId, database, schema, backupId != null ? backupId : eventBackupId,
                key != null ? key : eventKey, targetDatabase, mode, safetyBackup, force, asOf, requestedBy,
                requestedAt, outcome, why, took, at, reached);
    }
}
