package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.core.platform.ScheduledTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The archiving of every configured cluster: one {@link ClusterArchiver} each, and the platform timer's tasks that
 * drive them ({@link #task}), named {@code wal-<round>-<cluster>} in logs and in the timer's health.
 */
public final class WalArchiving {

    /** The rounds of one cluster. */
    public enum Round {
        RECEIVER, SHIP, PARTIAL, STATUS, RETENTION, CHAIN;

        String taskName(String cluster) {
            return "wal-" + name().toLowerCase(java.util.Locale.ROOT) + "-" + cluster;
        }
    }

    private final WalSettings settings;
    private final Map<String, ClusterArchiver> archivers = new LinkedHashMap<>();
    private final Map<String, ClusterHousekeeping> housekeeping = new LinkedHashMap<>();

    public WalArchiving(WalSettings settings, List<ClusterArchiver> archivers, List<ClusterHousekeeping> housekeeping) {
        this.settings = settings;
        archivers.forEach(a -> this.archivers.put(a.name(), a));
        housekeeping.forEach(h -> this.housekeeping.put(h.name(), h));
    }

    /** The housekeeping (retention, chain check) of a configured cluster. */
    public ClusterHousekeeping housekeeping(String cluster) {
        ClusterHousekeeping kept = housekeeping.get(cluster);
        if (kept == null) {
            throw new IllegalArgumentException("no configured cluster " + cluster);
        }
        return kept;
    }

    public List<ClusterArchiver> archivers() {
        return List.copyOf(archivers.values());
    }

    /** The archiver of a configured cluster. */
    public ClusterArchiver archiver(String cluster) {
        ClusterArchiver archiver = archivers.get(cluster);
        if (archiver == null) {
            throw new IllegalArgumentException("no configured cluster " + cluster);
        }
        return archiver;
    }

    /**
     * The timer task of one round of one cluster: the receiver's supervision every {@code restart-backoff}, shipping
     * every {@code ship-interval}, the partial segment every {@code partial-interval}, the status every
     * {@code status-interval}, retention every {@code retention.interval}, the chain check every
     * {@code chain-check-interval}.
     */
    public ScheduledTask task(String cluster, Round round) {
        ClusterArchiver archiver = archiver(cluster);
        String name = round.taskName(cluster);
        return switch (round) {
            case RECEIVER -> ScheduledTask.every(name, settings.restartBackoff(), archiver::superviseReceiver);
            case SHIP -> ScheduledTask.every(name, settings.shipInterval(), archiver::shipRound);
            case PARTIAL -> ScheduledTask.every(name, settings.partialInterval(), archiver::partialRound);
            case STATUS -> ScheduledTask.every(name, settings.statusInterval(), archiver::statusRound);
            case RETENTION -> ScheduledTask.every(name, housekeeping(cluster).settings().retentionInterval(),
                    housekeeping(cluster)::retentionRound);
            case CHAIN -> ScheduledTask.every(name, housekeeping(cluster).settings().chainCheckInterval(),
                    housekeeping(cluster)::chainRound);
        };
    }

    /** Stops every cluster's pg_receivewal and ships what they flushed (after the timer stopped). */
    public void stop() {
        archivers.values().forEach(ClusterArchiver::stop);
    }
}
