package com.aquastream.backup.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A dump was stored completely: every object and its {@code .sha256} sidecar exist.
 *
 * @param sha256         hex SHA-256 of the stored bytes (all objects of one backup hold the same bytes)
 * @param sizeBytes      length of the stored object
 * @param store          which object store holds the objects ({@code filesystem} or {@code s3})
 * @param compression    {@code gzip} or {@code zstd}
 * @param format         archive format inside the compression, e.g. {@code pg_dump-custom} or {@code redis-rdb}
 * @param tableRowCounts exact rows per table ({@code schema.table}) in the dump's snapshot
 * @param scheduledFor   (added in v1.1) the slot of the request the backup answers (its {@code scheduledFor}, else
 *                       its {@code occurredAt}), the moment its names stand for; absent from older events and
 *                       manifests
 * @param snapshotLsn    (added in v1.3) the server's WAL insert position right after the dump's snapshot was taken
 *                       ({@code pg_current_wal_insert_lsn()}): a point-in-time recovery to this position sees the
 *                       rows the dump holds, up to commits racing the snapshot. Absent from older events, and when
 *                       the dump was taken from a standby
 */
public record BackupCompleted(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID requestId,
        UUID backupId,
        List<Tier> tiers,
        List<StoredObject> objects,
        String store,
        long sizeBytes,
        String sha256,
        String compression,
        String format,
        Instant startedAt,
        Instant finishedAt,
        String serverVersion,
        String toolVersion,
        Map<String, Long> tableRowCounts,
        Instant scheduledFor,
        String snapshotLsn) implements BackupEvent {

    /** The v1.1 event, without the snapshot's WAL position. */
    public BackupCompleted(UUID eventId, Instant occurredAt, String database, String schema, UUID requestId,
                           UUID backupId, List<Tier> tiers, List<StoredObject> objects, String store, long sizeBytes,
                           String sha256, String compression, String format, Instant startedAt, Instant finishedAt,
                           String serverVersion, String toolVersion, Map<String, Long> tableRowCounts,
                           Instant scheduledFor) {
        this(eventId, occurredAt, database, schema, requestId, backupId, tiers, objects, store, sizeBytes, sha256,
                compression, format, startedAt, finishedAt, serverVersion, toolVersion, tableRowCounts, scheduledFor,
                null);
    }

    /** The v1 event, without the request's slot. */
    public BackupCompleted(UUID eventId, Instant occurredAt, String database, String schema, UUID requestId,
                           UUID backupId, List<Tier> tiers, List<StoredObject> objects, String store, long sizeBytes,
                           String sha256, String compression, String format, Instant startedAt, Instant finishedAt,
                           String serverVersion, String toolVersion, Map<String, Long> tableRowCounts) {
        this(eventId, occurredAt, database, schema, requestId, backupId, tiers, objects, store, sizeBytes, sha256,
                compression, format, startedAt, finishedAt, serverVersion, toolVersion, tableRowCounts, null, null);
    }
}
