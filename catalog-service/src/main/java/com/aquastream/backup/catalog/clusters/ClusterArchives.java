package com.aquastream.backup.catalog.clusters;

import com.aquastream.backup.catalog.backups.Recorded;
import com.aquastream.backup.catalog.backups.ResultTrust;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.WalArchived;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.events.WalStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records the wal-archiver's results (issue 17) — base backups completed or failed, WAL archived, and what its
 * retention left in the store ({@code wal.status}) — and answers what each cluster's point-in-time window is.
 * Idempotent: a base backup is its backup id (a re-announcement with the same archive changes nothing, one with other
 * bytes is refused as untrusted), a failure its event id, and folding a {@code wal.archived} into its timeline's
 * summary twice changes nothing ({@link WalTimeline}); a {@code wal.status} only ever turns completed base backups
 * into expired ones, never back, so one heard twice, or an older one after a newer one, changes nothing. Results with
 * times in the future beyond the clock skew are refused like the backups' ({@link ResultTrust}).
 */
public final class ClusterArchives {

    private final ClusterArchive archive;
    private final Transactions transactions;
    private final Clock clock;
    private final ResultTrust trust;

    ClusterArchives(ClusterArchive archive, Transactions transactions, Clock clock, ResultTrust trust) {
        this.archive = archive;
        this.transactions = transactions;
        this.clock = clock;
        this.trust = trust;
    }

    public Recorded completed(BaseBackupCompleted e) {
        SchemaRef cluster = clusterOf(e);
        trust.requireNotInTheFuture(Topics.BASEBACKUP_COMPLETED, cluster, ResultTrust.times("occurredAt",
                e.occurredAt(), "startedAt", e.startedAt(), "finishedAt", e.finishedAt()));
        BaseBackup backup = BaseBackup.completed(e, clock.instant());
        return transactions.inTransaction(() -> {
            archive.lock(cluster.database());
            Optional<BaseBackup> known = archive.findBaseBackup(backup.backupId());
            if (known.isPresent()) {
                if (known.get().status() == BaseBackup.Status.COMPLETED && !known.get().sameArchiveAs(backup)) {
                    throw new IllegalArgumentException("untrusted " + Topics.BASEBACKUP_COMPLETED + " of " + cluster
                            + ": base backup " + backup.backupId() + " is recorded with another archive ("
                            + known.get().key() + ", sha256 " + known.get().sha256() + "); a backup's bytes never"
                            + " change");
                }
                return Recorded.ALREADY_KNOWN;
            }
            archive.saveBaseBackup(backup);
            return Recorded.NEW;
        });
    }

    public Recorded failed(BaseBackupFailed e) {
        SchemaRef cluster = clusterOf(e);
        trust.requireNotInTheFuture(Topics.BASEBACKUP_FAILED, cluster, ResultTrust.times("occurredAt",
                e.occurredAt()));
        BaseBackup failure = BaseBackup.failed(e, clock.instant());
        return transactions.inTransaction(() -> {
            archive.lock(cluster.database());
            if (archive.findBaseBackup(failure.backupId()).isPresent()) {
                return Recorded.DUPLICATE_EVENT;
            }
            archive.saveBaseBackup(failure);
            return Recorded.NEW;
        });
    }

    public Recorded archived(WalArchived e) {
        SchemaRef cluster = clusterOf(e);
        trust.requireNotInTheFuture(Topics.WAL_ARCHIVED, cluster, ResultTrust.times("occurredAt", e.occurredAt()));
        return transactions.inTransaction(() -> {
            archive.lock(cluster.database());
            Optional<WalTimeline> known = archive.findTimeline(e.database(), e.timeline());
            WalTimeline next = known.map(t -> t.with(e)).orElseGet(() -> WalTimeline.startedBy(e));
            if (known.isPresent() && known.get().equals(next)) {
                return Recorded.ALREADY_KNOWN;
            }
            archive.saveTimeline(next);
            return Recorded.NEW;
        });
    }

    /**
     * What the wal-archiver's retention left: the completed base backups of the cluster that finished before the
     * status's {@code recoverableFrom} (the oldest one the store still holds) are gone from the store, so they are
     * marked {@link BaseBackup.Status#EXPIRED} and the window starts at the oldest one left. A status without it (the
     * store not listed yet, or an older archiver) changes nothing. Why no check of {@code occurredAt} against the
     * newest status seen: the store's oldest base backup only ever gets younger, so an older status names an earlier
     * moment and expires nothing a newer one has not; and nothing is ever un-expired.
     *
     * @return {@link Recorded#NEW} when base backups were expired, else {@link Recorded#ALREADY_KNOWN}
     */
    public Recorded status(WalStatus e) {
        SchemaRef cluster = clusterOf(e);
        trust.requireNotInTheFuture(Topics.WAL_STATUS, cluster, ResultTrust.times("occurredAt", e.occurredAt(),
                "recoverableFrom", e.recoverableFrom()));
        Instant recoverableFrom = e.recoverableFrom();
        if (recoverableFrom == null) {
            return Recorded.ALREADY_KNOWN;
        }
        Objects.requireNonNull(e.occurredAt(), "occurredAt");
        if (recoverableFrom.isAfter(e.occurredAt())) {
            // A base backup cannot have finished after the status that reports it; believing it would expire them all.
            throw new IllegalArgumentException(Topics.WAL_STATUS + " of " + cluster + " " + e.eventId()
                    + ": recoverableFrom " + recoverableFrom + " lies after the status itself (" + e.occurredAt()
                    + ")");
        }
        return transactions.inTransaction(() -> {
            archive.lock(cluster.database());
            List<BaseBackup> gone = archive.baseBackups(cluster.database(), Integer.MAX_VALUE).stream()
                    .filter(b -> b.status() == BaseBackup.Status.COMPLETED)
                    .filter(b -> b.finishedAt().isBefore(recoverableFrom))
                    .toList();
            gone.forEach(b -> archive.saveBaseBackup(b.expired()));
            return gone.isEmpty() ? Recorded.ALREADY_KNOWN : Recorded.NEW;
        });
    }

    /** Every cluster the catalog heard of, by name, with its window. */
    public List<ClusterSummary> clusters() {
        return transactions.inTransaction(() -> archive.clusters().stream()
                .map(c -> ClusterSummary.of(c, archive.baseBackups(c, Integer.MAX_VALUE), archive.timelines(c)))
                .toList());
    }

    /** One cluster's window; empty when the catalog never heard of it. */
    public Optional<ClusterSummary> cluster(String cluster) {
        return transactions.inTransaction(() -> archive.clusters().contains(cluster)
                ? Optional.of(ClusterSummary.of(cluster, archive.baseBackups(cluster, Integer.MAX_VALUE),
                archive.timelines(cluster)))
                : Optional.empty());
    }

    /** A cluster's base backups, completed, expired and failed, newest first. */
    public List<BaseBackup> baseBackups(String cluster, int limit) {
        return transactions.inTransaction(() -> archive.baseBackups(cluster, limit));
    }

    /** The cluster of a WAL event: its database is the cluster's name, its schema always {@code pg_cluster}. */
    private static SchemaRef clusterOf(WalEvent e) {
        if (!WalEvent.CLUSTER_SCHEMA.equals(e.schema())) {
            throw new IllegalArgumentException("a cluster's event must have schema " + WalEvent.CLUSTER_SCHEMA
                    + ", had " + e.schema());
        }
        return new SchemaRef(e.database(), e.schema());
    }
}
