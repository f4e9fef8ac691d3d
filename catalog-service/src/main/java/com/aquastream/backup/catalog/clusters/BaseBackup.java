package com.aquastream.backup.catalog.clusters;

import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A base backup of a cluster as the catalog recorded it: the starting point of a point-in-time recovery
 * ({@link Status#COMPLETED}: the archive, its timeline and WAL range), one the wal-archiver's retention deleted since
 * ({@link Status#EXPIRED}: everything else as it was announced), or a failed attempt ({@link Status#FAILED}: keyed by
 * the failure event's id; only the request, attempts and reason are known).
 *
 * @param finishedAt when the archive was stored; for a failure, when it was announced
 */
public record BaseBackup(
        UUID backupId,
        String cluster,
        Status status,
        UUID requestId,
        String key,
        String store,
        Long timeline,
        String startLsn,
        String endLsn,
        Instant startedAt,
        Instant finishedAt,
        Long sizeBytes,
        String sha256,
        String compression,
        String serverVersion,
        Boolean manifestVerified,
        Integer attempt,
        Boolean retryable,
        String reason,
        Instant recordedAt) {

    /**
     * COMPLETED: a base backup a recovery can start from; EXPIRED: a completed one the store no longer holds (it
     * finished before the {@code recoverableFrom} of a {@code wal.status}); FAILED: an attempt that stored nothing.
     */
    public enum Status {
        COMPLETED, EXPIRED, FAILED
    }

    public BaseBackup {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    static BaseBackup completed(BaseBackupCompleted e, Instant now) {
        Objects.requireNonNull(e.backupId(), "backupId");
        Objects.requireNonNull(e.key(), "key");
        Objects.requireNonNull(e.sha256(), "sha256");
        Objects.requireNonNull(e.finishedAt(), "finishedAt");
        Lsn start = Lsn.parse("startLsn", e.startLsn());
        Lsn end = Lsn.parse("endLsn", e.endLsn());
        if (end.compareTo(start) < 0) {
            throw new IllegalArgumentException("base backup " + e.backupId() + " ends (" + e.endLsn()
                    + ") before it starts (" + e.startLsn() + ")");
        }
        if (e.timeline() < 1 || e.sizeBytes() < 0) {
            throw new IllegalArgumentException("base backup " + e.backupId() + " has timeline " + e.timeline()
                    + " and size " + e.sizeBytes());
        }
        return new BaseBackup(e.backupId(), e.database(), Status.COMPLETED, e.requestId(), e.key(), e.store(),
                e.timeline(), start.toString(), end.toString(), e.startedAt(), e.finishedAt(), e.sizeBytes(),
                e.sha256(), e.compression(), e.serverVersion(), e.manifestVerified(), null, null, null, now);
    }

    static BaseBackup failed(BaseBackupFailed e, Instant now) {
        return new BaseBackup(e.eventId(), e.database(), Status.FAILED, e.requestId(), null, null, null, null, null,
                null, e.occurredAt(), null, null, null, null, null, e.attempt(), e.retryable(),
                e.reason() == null ? "unknown" : e.reason(), now);
    }

    /** This completed base backup, deleted from the store by the wal-archiver's retention. */
    BaseBackup expired() {
        if (status != Status.COMPLETED) {
            throw new IllegalStateException("only a completed base backup expires, " + backupId + " is " + status);
        }
        return new BaseBackup(backupId, cluster, Status.EXPIRED, requestId, key, store, timeline, startLsn, endLsn,
                startedAt, finishedAt, sizeBytes, sha256, compression, serverVersion, manifestVerified, attempt,
                retryable, reason, recordedAt);
    }

    /** The same stored archive (a re-announcement), whenever it was recorded. */
    boolean sameArchiveAs(BaseBackup other) {
        return Objects.equals(key, other.key) && Objects.equals(sha256, other.sha256)
                && Objects.equals(sizeBytes, other.sizeBytes);
    }
}
