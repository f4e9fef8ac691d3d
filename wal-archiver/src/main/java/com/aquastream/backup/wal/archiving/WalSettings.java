package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.core.compress.Compression;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the service archives: its clusters and the turns of its rounds, checked when the service starts so a bad
 * setting stops it with a message naming the property.
 *
 * @param binDir            where pg_receivewal and pg_basebackup are, or null to find them on the PATH
 * @param shipInterval      how often completed segments are shipped
 * @param partialInterval   how often the segment still being received is shipped as a snapshot: the recovery point
 *                          objective of a cluster without traffic
 * @param statusInterval    how often {@code wal.status} is published per cluster
 * @param restartBackoff    first wait before pg_receivewal is started again after it ended; doubles each time
 * @param restartBackoffMax the longest wait; a cluster not receiving for twice as long makes the health DOWN
 */
public record WalSettings(List<ClusterSettings> clusters, Path binDir, Duration shipInterval,
                          Duration partialInterval, Duration statusInterval, Duration restartBackoff,
                          Duration restartBackoffMax, Compression compression, int compressionLevel) {

    public WalSettings {
        clusters = List.copyOf(Objects.requireNonNull(clusters, "clusters"));
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("backup.wal.clusters is empty: configure at least one cluster to"
                    + " archive (name, host, port, user)");
        }
        Set<String> names = new HashSet<>();
        Set<Path> directories = new HashSet<>();
        for (ClusterSettings cluster : clusters) {
            if (!names.add(cluster.name())) {
                throw new IllegalArgumentException("backup.wal.clusters: the name " + cluster.name()
                        + " is used twice");
            }
            if (!directories.add(cluster.directory().toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("backup.wal.clusters[" + cluster.name() + "].directory "
                        + cluster.directory() + " is another cluster's too: each pg_receivewal needs its own");
            }
        }
        requirePositive("backup.wal.ship-interval", shipInterval);
        requirePositive("backup.wal.partial-interval", partialInterval);
        requirePositive("backup.wal.status-interval", statusInterval);
        requirePositive("backup.wal.restart-backoff", restartBackoff);
        requirePositive("backup.wal.restart-backoff-max", restartBackoffMax);
        if (restartBackoffMax.compareTo(restartBackoff) < 0) {
            throw new IllegalArgumentException("backup.wal.restart-backoff-max (" + restartBackoffMax
                    + ") is shorter than backup.wal.restart-backoff (" + restartBackoff + ")");
        }
        Objects.requireNonNull(compression, "compression");
    }

    /** How long a cluster may be without a running pg_receivewal before the service reports itself DOWN. */
    public Duration notReceivingLimit() {
        return restartBackoffMax.multipliedBy(2);
    }

    /** The configured cluster of that name, or an {@link IllegalArgumentException}. */
    public ClusterSettings cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no configured cluster " + name));
    }

    static void requirePositive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be a positive duration, was " + value);
        }
    }
}
