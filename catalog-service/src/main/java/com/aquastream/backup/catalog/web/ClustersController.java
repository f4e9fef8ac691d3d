package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.clusters.BaseBackup;
import com.aquastream.backup.catalog.clusters.ClusterArchives;
import com.aquastream.backup.catalog.clusters.ClusterSummary;
import com.aquastream.backup.catalog.clusters.WalTimeline;
import com.aquastream.backup.core.naming.Identifiers;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Clusters (issue 17): each cluster's point-in-time window (base backups and archived WAL, as the wal-archiver
 * announced them) and its base backups.
 */
@RestController
@RequestMapping("/api/clusters")
class ClustersController {

    private static final int MAX_LIMIT = 1000;

    private final ClusterArchives archives;

    ClustersController(ClusterArchives archives) {
        this.archives = archives;
    }

    @Operation(summary = "Every cluster's point-in-time window: newest base backup, earliest and latest recoverable"
            + " moment, WAL segments archived")
    @GetMapping
    List<ClusterView> list() {
        return archives.clusters().stream().map(ClusterView::of).toList();
    }

    @Operation(summary = "One cluster's point-in-time window")
    @GetMapping("/{cluster}")
    ClusterView one(@PathVariable String cluster) {
        String name = Identifiers.requireIdentifier("cluster", cluster);
        return archives.cluster(name).map(ClusterView::of)
                .orElseThrow(() -> new NotFoundException("no cluster " + name + " in the catalog"));
    }

    @Operation(summary = "A cluster's base backups, completed, expired and failed, newest first")
    @GetMapping("/{cluster}/basebackups")
    List<BaseBackupView> baseBackups(@PathVariable String cluster, @RequestParam(defaultValue = "100") int limit) {
        String name = Identifiers.requireIdentifier("cluster", cluster);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        List<BaseBackup> found = archives.baseBackups(name, limit);
        if (found.isEmpty() && archives.cluster(name).isEmpty()) {
            throw new NotFoundException("no cluster " + name + " in the catalog");
        }
        return found.stream().map(BaseBackupView::of).toList();
    }

    /**
     * @param earliestRecoverableAt the end of the oldest completed base backup the store still holds (not expired by
     *                              the wal-archiver's retention): no recovery reaches further back
     * @param latestRecoverableAt   about the latest moment a recovery reaches: when WAL was last archived (at least
     *                              the newest base backup's end)
     */
    record ClusterView(String cluster, BaseBackupView newestBaseBackup, BaseBackupView lastFailure, long baseBackups,
                       Instant earliestRecoverableAt, Instant latestRecoverableAt, Instant lastWalArchivedAt,
                       long segments, Long currentTimeline, String archivedEndLsn, List<TimelineView> timelines) {

        static ClusterView of(ClusterSummary s) {
            return new ClusterView(s.cluster(), BaseBackupView.ofNullable(s.newestBaseBackup()),
                    BaseBackupView.ofNullable(s.lastFailure()), s.baseBackups(), s.earliestRecoverableAt(),
                    s.latestRecoverableAt(), s.lastWalArchivedAt(), s.segments(), s.currentTimeline(),
                    s.archivedEndLsn(), s.timelines().stream().map(TimelineView::of).toList());
        }
    }

    record TimelineView(long timeline, String firstSegment, String lastSegment, long segments,
                        String archivedEndLsn, Instant firstArchivedAt, Instant lastArchivedAt, String partialSegment,
                        String partialEndLsn) {

        static TimelineView of(WalTimeline t) {
            return new TimelineView(t.timeline(), t.firstSegment(), t.lastSegment(), t.segments(),
                    t.archivedEndLsn(), t.firstArchivedAt(), t.lastArchivedAt(), t.partialSegment(),
                    t.partialEndLsn());
        }
    }

    record BaseBackupView(UUID backupId, String cluster, String status, UUID requestId, String key, String store,
                          Long timeline, String startLsn, String endLsn, Instant startedAt, Instant finishedAt,
                          Long sizeBytes, String sha256, String compression, String serverVersion,
                          Boolean manifestVerified, Integer attempt, Boolean retryable, String reason,
                          Instant recordedAt) {

        static BaseBackupView ofNullable(BaseBackup b) {
            return b == null ? null : of(b);
        }

        static BaseBackupView of(BaseBackup b) {
            return new BaseBackupView(b.backupId(), b.cluster(), b.status().name(), b.requestId(), b.key(), b.store(),
                    b.timeline(), b.startLsn(), b.endLsn(), b.startedAt(), b.finishedAt(), b.sizeBytes(), b.sha256(),
                    b.compression(), b.serverVersion(), b.manifestVerified(), b.attempt(), b.retryable(), b.reason(),
                    b.recordedAt());
        }
    }
}
