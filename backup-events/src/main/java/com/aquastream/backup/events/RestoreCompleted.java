package com.aquastream.backup.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A restore replaced the target schema with the backup's state (mode PITR: with its state at {@code asOf}; for schema
 * {@code pg_cluster}: the whole cluster was recovered into a data directory).
 *
 * @param dependents    (added in v1.1) objects of other schemas that the restore dropped with the schema (only a
 *                      forced restore drops any) and whether each was re-created or lost; absent when there were none
 * @param recoveredTo   (added in v1.3, PITR only) commit time of the last transaction the recovery replayed; absent
 *                      when the replayed WAL held none
 * @param endOfArchive  (added in v1.3, PITR only) true when the archive ended before {@code asOf}: everything archived
 *                      was replayed, and {@code recoveredTo} is the recovery point
 * @param dataDirectory (added in v1.3, PITR of {@code pg_cluster} only) the recovered, promoted data directory on the
 *                      restore-worker's host
 * @param nextSteps     (added in v1.3, PITR of {@code pg_cluster} only) what an operator does next, in words
 */
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
        List<TableCheck> checks,
        List<DependentObject> dependents,
        Instant recoveredTo,
        Boolean endOfArchive,
        String dataDirectory,
        String nextSteps) implements RestoreEvent {

    /** The v1.1 event: a restore of an archive. */
    public RestoreCompleted(UUID eventId, Instant occurredAt, String database, String schema, UUID restoreId,
                            UUID backupId, String key, String sha256, long durationMs, List<TableCheck> checks,
                            List<DependentObject> dependents) {
        this(eventId, occurredAt, database, schema, restoreId, backupId, key, sha256, durationMs, checks, dependents,
                null, null, null, null);
    }

    /** The v1 event: nothing of other schemas was dropped. */
    public RestoreCompleted(UUID eventId, Instant occurredAt, String database, String schema, UUID restoreId,
                            UUID backupId, String key, String sha256, long durationMs, List<TableCheck> checks) {
        this(eventId, occurredAt, database, schema, restoreId, backupId, key, sha256, durationMs, checks, null);
    }
}
