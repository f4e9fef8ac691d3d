package com.aquastream.backup.core.wal;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A base backup that is stored completely: the tar archive with its sidecar and, written last, its description
 * ({@link BaseBackupKeys#infoKey}). What a service announces as {@code basebackup.completed}.
 *
 * @param key              the compressed tar archive ({@code pg_basebackup -Ft}) of the data directory, without WAL
 * @param timeline         the timeline the backup started on
 * @param startLsn         where recovery from it starts (the backup's checkpoint redo point)
 * @param endLsn           where it becomes consistent: a recovery must replay archived WAL at least up to here
 * @param finishedAt       when it ended; a point-in-time recovery from it can reach targets after this moment only
 * @param sizeBytes        size of the stored (compressed) archive
 * @param sha256Hex        SHA-256 of the stored archive, as in its sidecar
 * @param serverVersion    the server's version ({@code server_version}), null when it could not be asked
 * @param toolVersion      {@code pg_basebackup --version}
 * @param manifestVerified whether {@code pg_verifybackup} checked the stored archive's content against its manifest
 */
public record BaseBackupResult(String cluster, UUID backupId, String key, long timeline, Lsn startLsn, Lsn endLsn,
                               Instant startedAt, Instant finishedAt, long sizeBytes, String sha256Hex,
                               String compression, String serverVersion, String toolVersion,
                               boolean manifestVerified) {

    public BaseBackupResult {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(startLsn, "startLsn");
        Objects.requireNonNull(endLsn, "endLsn");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        Objects.requireNonNull(compression, "compression");
        if (timeline < 1) {
            throw new IllegalArgumentException("timeline must be at least 1: " + timeline);
        }
    }
}
