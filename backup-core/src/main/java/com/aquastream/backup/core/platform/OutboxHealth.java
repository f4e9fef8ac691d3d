package com.aquastream.backup.core.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health component {@code outbox}: DOWN when the relay has not drained the outbox for ten polls (at least a minute,
 * counted from the timer's start before its first round) or the oldest waiting event is older than five minutes.
 */
final class OutboxHealth implements HealthIndicator {

    private static final Duration MAX_PENDING_AGE = Duration.ofMinutes(5);

    private final OutboxRelay relay;
    private final PlatformTimer timer;
    private final Clock clock;
    private final Clock system;
    private final Duration staleAfter;

    /**
     * @param clock  the service's clock, which stamps the outbox rows (the age of the oldest waiting event)
     * @param system the system clock, which stamps the relay's rounds
     */
    OutboxHealth(OutboxRelay relay, PlatformTimer timer, Clock clock, Clock system, Duration pollInterval) {
        this.relay = relay;
        this.timer = timer;
        this.clock = clock;
        this.system = system;
        Duration tenPolls = pollInterval.multipliedBy(10);
        this.staleAfter = tenPolls.compareTo(Duration.ofMinutes(1)) > 0 ? tenPolls : Duration.ofMinutes(1);
    }

    @Override
    public Health health() {
        Instant now = system.instant();
        Instant lastRelay = relay.lastRelayAt();
        JdbcOutbox.Backlog backlog = relay.backlog();
        Duration oldest = backlog.oldestCreatedAt() == null ? Duration.ZERO
                : Duration.between(backlog.oldestCreatedAt(), clock.instant());
        Instant reference = lastRelay != null ? lastRelay : timer.startedAt();
        boolean relaying = timer.isRunning() && reference != null && reference.isAfter(now.minus(staleAfter));
        Health.Builder builder = relaying && oldest.compareTo(MAX_PENDING_AGE) < 0 ? Health.up() : Health.down();
        if (relay.lastError() != null) {
            builder.withDetail("error", relay.lastError());
        }
        return builder.withDetail("lastRelayAt", String.valueOf(lastRelay))
                .withDetail("pending", backlog.pending())
                .withDetail("oldestPendingSeconds", oldest.toSeconds())
                .build();
    }
}
