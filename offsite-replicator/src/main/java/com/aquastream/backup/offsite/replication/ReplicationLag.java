package com.aquastream.backup.offsite.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Completed backups still waiting for their offsite copy, and how long the oldest has waited. */
final class ReplicationLag {

    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    ReplicationLag(Clock clock) {
        this.clock = clock;
    }

    void waiting(UUID backupId, Instant since) {
        pending.putIfAbsent(backupId, since);
    }

    void done(UUID backupId) {
        pending.remove(backupId);
    }

    int pending() {
        return pending.size();
    }

    /** Zero when nothing waits. */
    Duration lag() {
        return pending.values().stream().min(Instant::compareTo)
                .map(oldest -> Duration.between(oldest, clock.instant()))
                .orElse(Duration.ZERO);
    }
}
