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
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Records the wal-archiver's results (issue 17) — base backups completed or failed, and WAL archived — and answers
 * what each cluster's point-in-time window is. Idempotent: a base backup is its backup id (a re-announcement with the
 * same archive changes nothing, one with other bytes is refused as untrusted), a failure its event id, and folding a
 * {@code wal.archived} into its timeline's summary twice changes nothing ({@link WalTimeline}). Results with times in
 * the future beyond the clock skew are refused like the backups' ({@link ResultTrust}).
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

    /** A cluster's base backups, completed and failed, newest first. */
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
