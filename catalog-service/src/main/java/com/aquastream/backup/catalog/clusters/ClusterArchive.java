package com.aquastream.backup.catalog.clusters;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The clusters' base backups and WAL archive summaries the catalog keeps. Callers run these inside
 * {@code Transactions#inTransaction}.
 */
public interface ClusterArchive {

    Optional<BaseBackup> findBaseBackup(UUID backupId);

    /** Inserts or replaces the row of {@code backup.backupId()}. */
    void saveBaseBackup(BaseBackup backup);

    /** A cluster's base backups, completed, expired and failed, newest first. */
    List<BaseBackup> baseBackups(String cluster, int limit);

    Optional<WalTimeline> findTimeline(String cluster, long timeline);

    /** Inserts or replaces the summary of {@code timeline.cluster()}, {@code timeline.timeline()}. */
    void saveTimeline(WalTimeline timeline);

    /** A cluster's timelines, lowest first. */
    List<WalTimeline> timelines(String cluster);

    /** Every cluster with a base backup or archived WAL, by name. */
    List<String> clusters();

    /** Blocks until no other transaction is changing {@code cluster}'s rows; held until the transaction ends. */
    void lock(String cluster);
}
