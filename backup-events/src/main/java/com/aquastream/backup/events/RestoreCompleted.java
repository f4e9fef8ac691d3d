package com.aquastream.backup.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A restore replaced the target schema with the backup's state.
 *
 * @param dependents (added in v1.1) objects of other schemas that the restore dropped with the schema (only a
 *                   forced restore drops any) and whether each was re-created or lost; absent when there were none
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
        List<DependentObject> dependents) implements RestoreEvent {

    /** The v1 event: nothing of other schemas was dropped. */
    public RestoreCompleted(UUID eventId, Instant occurredAt, String database, String schema, UUID restoreId,
                            UUID backupId, String key, String sha256, long durationMs, List<TableCheck> checks) {
        this(eventId, occurredAt, database, schema, restoreId, backupId, key, sha256, durationMs, checks, null);
    }
}
