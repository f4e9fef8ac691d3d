package com.aquastream.backup.wal.archiving.boot;

import com.aquastream.backup.wal.archiving.ClusterArchiver;
import com.aquastream.backup.wal.archiving.WalArchiving;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health component {@code walArchiver}: DOWN when a cluster has been without a running pg_receivewal for longer than
 * twice the longest restart back-off (restarting has not helped; WAL piles up in the server's slot). Details per
 * cluster: receiving, since when not, why, the last lag.
 */
public final class WalArchiverHealth implements HealthIndicator {

    private final WalArchiving archiving;
    private final Duration limit;
    private final Clock clock;

    public WalArchiverHealth(WalArchiving archiving, Duration limit, Clock clock) {
        this.archiving = archiving;
        this.limit = limit;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        boolean up = true;
        Map<String, Object> clusters = new LinkedHashMap<>();
        for (ClusterArchiver archiver : archiving.archivers()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("receiving", archiver.receiving());
            archiver.notReceivingFor(now).ifPresent(d -> detail.put("notReceivingForSeconds", d.toSeconds()));
            if (archiver.problem() != null) {
                detail.put("reason", archiver.problem());
            }
            archiver.lastLag().ifPresent(lag -> {
                detail.put("lagBytes", lag.bytes());
                detail.put("lagSeconds", lag.behind().toSeconds());
            });
            detail.put("segmentsShipped", archiver.segmentsShipped());
            detail.put("receiverRestarts", archiver.receiverRestarts());
            up &= archiver.healthy(now);
            clusters.put(archiver.name(), detail);
        }
        return (up ? Health.up() : Health.down()).withDetail("notReceivingLimitSeconds", limit.toSeconds())
                .withDetail("clusters", clusters).build();
    }
}
