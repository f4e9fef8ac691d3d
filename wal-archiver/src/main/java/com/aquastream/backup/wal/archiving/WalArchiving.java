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
        RECEIVER, SHIP, PARTIAL, STATUS;

        String taskName(String cluster) {
            return "wal-" + name().toLowerCase(java.util.Locale.ROOT) + "-" + cluster;
        }
    }

    private final WalSettings settings;
    private final Map<String, ClusterArchiver> archivers = new LinkedHashMap<>();

    public WalArchiving(WalSettings settings, List<ClusterArchiver> archivers) {
        this.settings = settings;
        archivers.forEach(a -> this.archivers.put(a.name(), a));
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
     * {@code status-interval}.
     */
    public ScheduledTask task(String cluster, Round round) {
        ClusterArchiver archiver = archiver(cluster);
        String name = round.taskName(cluster);
        return switch (round) {
            case RECEIVER -> ScheduledTask.every(name, settings.restartBackoff(), archiver::superviseReceiver);
            case SHIP -> ScheduledTask.every(name, settings.shipInterval(), archiver::shipRound);
            case PARTIAL -> ScheduledTask.every(name, settings.partialInterval(), archiver::partialRound);
            case STATUS -> ScheduledTask.every(name, settings.statusInterval(), archiver::statusRound);
        };
    }

    /** Stops every cluster's pg_receivewal and ships what they flushed (after the timer stopped). */
    public void stop() {
        archivers.values().forEach(ClusterArchiver::stop);
    }
}
