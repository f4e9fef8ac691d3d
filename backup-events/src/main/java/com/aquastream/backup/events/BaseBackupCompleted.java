package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A base backup of a cluster was stored completely: the archive and its {@code .sha256} sidecar exist.
 *
 * @param database         the cluster's configured name
 * @param schema           always {@link WalEvent#CLUSTER_SCHEMA}
 * @param requestId        the request it answers; null for a scheduled one
 * @param backupId         unique id of this base backup
 * @param key              the archive's key in the store
 * @param store            which object store holds it ({@code filesystem} or {@code s3})
 * @param sizeBytes        length of the stored object
 * @param sha256           hex SHA-256 of the stored bytes
 * @param compression      {@code gzip} or {@code zstd}
 * @param format           archive format inside the compression: {@code pg_basebackup-tar}
 * @param timeline         the timeline the backup was taken on
 * @param startLsn         WAL position where the backup starts ({@code X/Y}): a recovery replays WAL from here
 * @param endLsn           WAL position where it ends ({@code X/Y}): the earliest point a recovery can stop at
 * @param startedAt        when {@code pg_basebackup} started
 * @param finishedAt       when the archive was stored
 * @param serverVersion    the server's version
 * @param toolVersion      {@code pg_basebackup --version}
 * @param manifestVerified whether the backup manifest was checked ({@code pg_verifybackup}) before storing
 */
public record BaseBackupCompleted(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID requestId,
        UUID backupId,
        String key,
        String store,
        long sizeBytes,
        String sha256,
        String compression,
        String format,
        long timeline,
        String startLsn,
        String endLsn,
        Instant startedAt,
        Instant finishedAt,
        String serverVersion,
        String toolVersion,
        boolean manifestVerified) implements WalEvent {
}
