package com.aquastream.backup.catalog.clusters;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A cluster's point-in-time window as the catalog knows it: a recovery can reach any moment from the end of its oldest
 * completed base backup the store still holds ({@code earliestRecoverableAt}; the expired ones, deleted by the
 * wal-archiver's retention, no longer count) to about the newest archived WAL ({@code latestRecoverableAt}: when WAL
 * was last stored, a completed segment or a partial snapshot).
 *
 * @param newestBaseBackup    the newest completed base backup; null when there is none (no recovery possible)
 * @param lastFailure         the newest failed base backup when it is newer than every completed one, else null
 * @param baseBackups         completed base backups, not expired
 * @param earliestRecoverableAt finishedAt of the oldest completed, not expired base backup (so, once the catalog
 *                            heard of that backup, the newest {@code wal.status}'s {@code recoverableFrom}); null
 *                            without one
 * @param latestRecoverableAt   about the latest moment: the newest WAL stored, at least the newest base backup's end
 * @param segments            completed WAL segments counted over every timeline
 * @param archivedEndLsn      how far the archived WAL of the newest timeline reaches
 */
public record ClusterSummary(
        String cluster,
        BaseBackup newestBaseBackup,
        BaseBackup lastFailure,
        long baseBackups,
        Instant earliestRecoverableAt,
        Instant latestRecoverableAt,
        long segments,
        Long currentTimeline,
        String archivedEndLsn,
        Instant lastWalArchivedAt,
        List<WalTimeline> timelines) {

    /** @param backups the cluster's base backups, in any order; {@code timelines} likewise */
    static ClusterSummary of(String cluster, List<BaseBackup> backups, List<WalTimeline> timelines) {
        List<BaseBackup> completed = backups.stream().filter(b -> b.status() == BaseBackup.Status.COMPLETED)
                .sorted(Comparator.comparing(BaseBackup::finishedAt)).toList();
        BaseBackup newest = completed.isEmpty() ? null : completed.get(completed.size() - 1);
        BaseBackup lastFailure = backups.stream().filter(b -> b.status() == BaseBackup.Status.FAILED)
                .filter(f -> newest == null || f.finishedAt().isAfter(newest.finishedAt()))
                .max(Comparator.comparing(BaseBackup::finishedAt)).orElse(null);
        List<WalTimeline> ordered = timelines.stream().sorted(Comparator.comparingLong(WalTimeline::timeline))
                .toList();
        WalTimeline current = ordered.isEmpty() ? null : ordered.get(ordered.size() - 1);
        Instant lastWal = ordered.stream().map(WalTimeline::lastArchivedAt).max(Comparator.naturalOrder())
                .orElse(null);
        Instant latest = null;
        if (newest != null) {
            latest = lastWal != null && lastWal.isAfter(newest.finishedAt()) ? lastWal : newest.finishedAt();
        }
        return new ClusterSummary(cluster, newest, lastFailure, completed.size(),
                completed.isEmpty() ? null : completed.get(0).finishedAt(), latest,
                ordered.stream().mapToLong(WalTimeline::segments).sum(),
                current == null ? null : current.timeline(), current == null ? null : current.archivedEndLsn(),
                lastWal, ordered);
    }
}
