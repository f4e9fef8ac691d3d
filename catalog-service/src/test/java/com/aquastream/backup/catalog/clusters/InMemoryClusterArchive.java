package com.aquastream.backup.catalog.clusters;

import com.aquastream.backup.core.platform.Transactions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/** The clusters' archive in memory, for unit tests; its transactions run the work as it is, the lock is a no-op. */
final class InMemoryClusterArchive implements ClusterArchive, Transactions {

    private final Map<UUID, BaseBackup> backups = new LinkedHashMap<>();
    private final Map<String, WalTimeline> timelines = new LinkedHashMap<>();
    int timelineWrites;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }

    @Override
    public Optional<BaseBackup> findBaseBackup(UUID backupId) {
        return Optional.ofNullable(backups.get(backupId));
    }

    @Override
    public void saveBaseBackup(BaseBackup backup) {
        backups.put(backup.backupId(), backup);
    }

    @Override
    public List<BaseBackup> baseBackups(String cluster, int limit) {
        return backups.values().stream().filter(b -> b.cluster().equals(cluster))
                .sorted(Comparator.comparing(BaseBackup::finishedAt).reversed()).limit(limit).toList();
    }

    @Override
    public Optional<WalTimeline> findTimeline(String cluster, long timeline) {
        return Optional.ofNullable(timelines.get(cluster + "/" + timeline));
    }

    @Override
    public void saveTimeline(WalTimeline timeline) {
        timelineWrites++;
        timelines.put(timeline.cluster() + "/" + timeline.timeline(), timeline);
    }

    @Override
    public List<WalTimeline> timelines(String cluster) {
        return timelines.values().stream().filter(t -> t.cluster().equals(cluster))
                .sorted(Comparator.comparingLong(WalTimeline::timeline)).toList();
    }

    @Override
    public List<String> clusters() {
        TreeSet<String> names = new TreeSet<>();
        backups.values().forEach(b -> names.add(b.cluster()));
        timelines.values().forEach(t -> names.add(t.cluster()));
        return List.copyOf(names);
    }

    @Override
    public void lock(String cluster) {
    }
}
