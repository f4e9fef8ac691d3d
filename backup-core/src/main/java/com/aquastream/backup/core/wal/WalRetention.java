package com.aquastream.backup.core.wal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a cluster's archive may lose while every moment of the point-in-time window stays recoverable: plain logic, the
 * store's listings in, the keys to delete out ({@link #plan}); the caller deletes them in the order given.
 *
 * <p>The rules:
 * <ul>
 *   <li>Kept base backups: every one that finished within the window ({@code now - window} or later), and the newest
 *       that finished before the window began: a recovery to the window's oldest moment starts from it. So the newest
 *       base backup is always kept, and with none at all nothing is deleted.</li>
 *   <li>Kept WAL: every segment (and {@code .partial} snapshot) from the start segment of the oldest kept base backup
 *       ({@code startLsn}'s segment on its timeline) onwards. Below it, segments of that timeline and of earlier ones
 *       go; a later timeline's segments are kept whatever their number (a timeline that branched off before that
 *       backup started is not its future, and stays until a backup on it ages out). Timeline history files are never
 *       deleted: they are a few hundred bytes, and a recovery finds the newest timeline by asking for each one in
 *       turn.</li>
 *   <li>Deleted base backups: oldest first, each as its {@code base.properties} first (so a half-deleted backup is
 *       never offered to a recovery), then the rest of its folder. A folder without a description started before both
 *       the window and the oldest kept backup is the leftover of a failed or half-deleted backup and goes too; a
 *       younger one may be a backup still running.</li>
 *   <li>Deleted WAL comes after the backups that needed it, oldest first, each object before its sidecar.</li>
 * </ul>
 */
public final class WalRetention {

    /** The point-in-time window of the issue: a week. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    /** Base backups by when they finished; of two finished at once, the one starting further in the WAL is newer. */
    public static final Comparator<BaseBackupResult> NEWEST_LAST = Comparator
            .comparing(BaseBackupResult::finishedAt).thenComparing(BaseBackupResult::startLsn);

    private WalRetention() {
    }

    /**
     * One run's decision.
     *
     * @param kept        the base backups kept, oldest first
     * @param deleted     the base backups deleted, oldest first
     * @param keepFrom    the first WAL segment kept: the oldest kept backup's start segment; empty without backups
     * @param deletions   every key to delete, in the order to delete them
     */
    public record Plan(List<BaseBackupResult> kept, List<BaseBackupResult> deleted, Optional<WalSegmentName> keepFrom,
                       List<String> deletions) {

        public Plan {
            kept = List.copyOf(kept);
            deleted = List.copyOf(deleted);
            deletions = List.copyOf(deletions);
        }
    }

    /**
     * Decides what to delete.
     *
     * @param cluster        the cluster's name
     * @param backups        its described base backups ({@link BaseBackups#list})
     * @param baseBackupKeys every key under {@link BaseBackupKeys#clusterPrefix}
     * @param walKeys        every key under {@link WalArchiveKeys#clusterPrefix}
     * @param segmentBytes   the cluster's WAL segment size
     * @param window         how far back every moment must stay recoverable
     */
    public static Plan plan(String cluster, List<BaseBackupResult> backups, List<String> baseBackupKeys,
                            List<String> walKeys, long segmentBytes, Instant now, Duration window) {
        Objects.requireNonNull(now, "now");
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the retention window must be positive, was " + window);
        }
        if (backups.isEmpty()) {
            return new Plan(List.of(), List.of(), Optional.empty(), List.of());
        }
        Instant windowStart = now.minus(window);
        List<BaseBackupResult> byFinish = backups.stream()
                .sorted(NEWEST_LAST).toList();
        int firstKept = 0;
        for (int i = 0; i < byFinish.size(); i++) {
            if (byFinish.get(i).finishedAt().isBefore(windowStart)) {
                firstKept = i; // the newest finished before the window began
            }
        }
        List<BaseBackupResult> kept = byFinish.subList(firstKept, byFinish.size());
        List<BaseBackupResult> deleted = byFinish.subList(0, firstKept);
        BaseBackupResult oldestKept = kept.stream().min(Comparator.comparing(BaseBackupResult::startLsn))
                .orElseThrow();
        WalSegmentName keepFrom = WalSegmentName.containing(oldestKept.timeline(), oldestKept.startLsn(),
                segmentBytes);

        List<String> deletions = new ArrayList<>();
        Map<String, List<String>> folders = foldersOf(cluster, baseBackupKeys);
        for (BaseBackupResult backup : deleted) {
            String folder = BaseBackupKeys.folderOf(backup.key());
            deletions.add(BaseBackupKeys.infoKey(folder));
            folders.getOrDefault(folder, List.of(backup.key(), BaseBackupKeys.sidecarKey(backup.key()))).stream()
                    .filter(key -> !key.equals(BaseBackupKeys.infoKey(folder))).forEach(deletions::add);
            folders.remove(folder);
        }
        Instant oldestStart = kept.stream().map(BaseBackupResult::startedAt).min(Comparator.naturalOrder())
                .orElseThrow();
        Instant leftoverBefore = oldestStart.isBefore(windowStart) ? oldestStart : windowStart;
        folders.forEach((folder, keys) -> {
            boolean described = keys.contains(BaseBackupKeys.infoKey(folder));
            Optional<Instant> started = startedAt(folder);
            if (!described && started.isPresent() && started.get().isBefore(leftoverBefore)) {
                deletions.addAll(keys);
            }
        });

        walKeys.stream()
                .map(key -> ArchivedWal.parse(cluster, key, segmentBytes))
                .flatMap(Optional::stream)
                .filter(entry -> !entry.history() && entry.timeline() <= keepFrom.timeline()
                        && entry.segment().orElseThrow().segmentNumber() < keepFrom.segmentNumber())
                .sorted(Comparator.comparing((ArchivedWal entry) -> entry.segment().orElseThrow().segmentNumber())
                        .thenComparing(ArchivedWal::timeline).thenComparing(ArchivedWal::partial)
                        .thenComparing(ArchivedWal::sidecar))
                .forEach(entry -> deletions.add(entry.key()));
        return new Plan(kept, deleted, Optional.of(keepFrom), deletions);
    }

    /** The keys of each backup folder ({@code basebackup/{cluster}/{stamp}-{id8}/}), folders in key order. */
    private static Map<String, List<String>> foldersOf(String cluster, List<String> keys) {
        String prefix = BaseBackupKeys.clusterPrefix(cluster);
        Map<String, List<String>> folders = new LinkedHashMap<>();
        keys.stream().sorted().filter(key -> key.startsWith(prefix) && key.indexOf('/', prefix.length()) > 0)
                .forEach(key -> folders.computeIfAbsent(key.substring(0, key.indexOf('/', prefix.length()) + 1),
                        folder -> new ArrayList<>()).add(key));
        return folders;
    }

    /** When a folder's backup started, from its name ({@code yyyyMMdd'T'HHmmss'Z'-id8}); empty if it is no such name. */
    private static Optional<Instant> startedAt(String folder) {
        String name = folder.substring(0, folder.length() - 1);
        name = name.substring(name.lastIndexOf('/') + 1);
        if (!name.matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}")) {
            return Optional.empty();
        }
        String stamp = name.substring(0, 16);
        return Optional.of(Instant.parse(stamp.substring(0, 4) + "-" + stamp.substring(4, 6) + "-"
                + stamp.substring(6, 8) + "T" + stamp.substring(9, 11) + ":" + stamp.substring(11, 13) + ":"
                + stamp.substring(13, 15) + "Z"));
    }
}
