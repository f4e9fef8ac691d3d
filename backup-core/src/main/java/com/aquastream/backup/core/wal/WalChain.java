package com.aquastream.backup.core.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a cluster's archived WAL is an unbroken chain, found from the store's keys alone: a segment missing between
 * the start of the oldest base backup kept and the newest segment archived of its timeline makes every recovery that
 * needs WAL beyond it stop there, so it is reported long before anyone needs the restore.
 *
 * <p>What is checked, per timeline: on the timeline of {@code from} (the oldest kept base backup's start segment),
 * every segment from {@code from} to the newest one archived on that timeline; on each later timeline, every segment
 * from its lowest archived one (a promoted server's timeline begins at its switch point, never before) to its newest;
 * earlier timelines are history. A segment counts as archived when its object (completed or the {@code .partial}
 * snapshot) is stored; sidecars are not required here, so a segment caught between its upload and its sidecar is no
 * false alarm. Without {@code from} (no base backup yet) every timeline is checked from its lowest segment.
 *
 * <p>Why the segment size: where one "log" of segment names ends ({@code …000000FF} with 16 MiB segments) depends on
 * it, and so does which names follow each other.
 */
public final class WalChain {

    private WalChain() {
    }

    /**
     * The outcome of one check.
     *
     * @param missing      the first {@code limit} missing segment names, timeline by timeline, oldest first
     * @param missingCount how many segments are missing in all
     */
    public record Gaps(List<String> missing, long missingCount) {

        public Gaps {
            missing = List.copyOf(missing);
        }

        public boolean none() {
            return missingCount == 0;
        }
    }

    /**
     * Lists the segments missing from the chain.
     *
     * @param cluster      whose keys these are ({@code wal/{cluster}/…}); other keys are ignored
     * @param keys         the keys listed under {@link WalArchiveKeys#clusterPrefix}
     * @param segmentBytes the cluster's WAL segment size
     * @param from         where the chain must start: the oldest kept base backup's start segment; empty for none
     * @param limit        how many names to list at most (the count is always complete)
     */
    public static Gaps gaps(String cluster, List<String> keys, long segmentBytes, Optional<WalSegmentName> from,
                            int limit) {
        Map<Long, TreeSet<Long>> archived = new TreeMap<>();
        for (String key : keys) {
            ArchivedWal.parse(cluster, key, segmentBytes)
                    .filter(entry -> !entry.sidecar() && !entry.history())
                    .ifPresent(entry -> archived.computeIfAbsent(entry.timeline(), t -> new TreeSet<>())
                            .add(entry.segment().orElseThrow().segmentNumber()));
        }
        List<String> names = new ArrayList<>();
        long count = 0;
        for (Map.Entry<Long, TreeSet<Long>> timeline : archived.entrySet()) {
            long tli = timeline.getKey();
            TreeSet<Long> segments = timeline.getValue();
            long start;
            if (from.isEmpty() || tli > from.get().timeline()) {
                start = segments.first();
            } else if (tli == from.get().timeline()) {
                start = from.get().segmentNumber();
            } else {
                continue;
            }
            long expected = start;
            for (long present : segments.tailSet(start, true)) {
                for (long missing = expected; missing < present; missing++) {
                    count++;
                    if (names.size() < limit) {
                        names.add(new WalSegmentName(tli, missing, segmentBytes, false).fileName());
                    }
                }
                expected = present + 1;
            }
        }
        return new Gaps(names, count);
    }
}
