package com.aquastream.backup.catalog.config;

import com.aquastream.backup.catalog.backups.OutboxRelay;
import com.aquastream.backup.catalog.backups.PendingEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the outbox relay: it relayed recently, and nothing waits in the outbox for long (a broker outage shows
 * here, while the database's own health is Boot's {@code db} indicator).
 */
class OutboxRelayHealth implements HealthIndicator {

    private static final Duration MAX_PENDING_AGE = Duration.ofMinutes(5);

    private final CatalogTasks tasks;
    private final OutboxRelay relay;
    private final Clock clock;
    private final Duration staleAfter;

    OutboxRelayHealth(CatalogTasks tasks, OutboxRelay relay, Clock clock, Duration pollInterval) {
        this.tasks = tasks;
        this.relay = relay;
        this.clock = clock;
        Duration tenPolls = pollInterval.multipliedBy(10);
        this.staleAfter = tenPolls.compareTo(Duration.ofMinutes(1)) > 0 ? tenPolls : Duration.ofMinutes(1);
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Instant lastRelay = tasks.lastRelayAt();
        PendingEvents.Backlog backlog = relay.backlog();
        Duration oldest = backlog.oldestCreatedAt() == null ? Duration.ZERO
                : Duration.between(backlog.oldestCreatedAt(), now);
        // Before its first round the relay counts from its start, so a fresh instance is not reported down.
        Instant reference = lastRelay != null ? lastRelay : tasks.startedAt();
        boolean relaying = tasks.isRunning() && reference != null && reference.isAfter(now.minus(staleAfter));
        Health.Builder builder = relaying && oldest.compareTo(MAX_PENDING_AGE) < 0 ? Health.up() : Health.down();
        if (tasks.lastRelayError() != null) {
            builder.withDetail("error", tasks.lastRelayError());
        }
        return builder.withDetail("lastRelayAt", String.valueOf(lastRelay))
                .withDetail("pending", backlog.pending())
                .withDetail("oldestPendingSeconds", oldest.toSeconds())
                .build();
    }
}
