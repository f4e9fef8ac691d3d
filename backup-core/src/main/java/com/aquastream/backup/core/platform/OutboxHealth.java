package com.aquastream.backup.core.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health component {@code outbox}: DOWN when the relay's timer task ({@value #RELAY_TASK}) is stale (not drained the
 * outbox for ten polls, at least a minute: {@link PlatformTimer#isStale}) or the oldest waiting event is older than
 * five minutes.
 */
final class OutboxHealth implements HealthIndicator {

    /** The timer task that runs the relay. */
    static final String RELAY_TASK = "outbox-relay";

    private static final Duration MAX_PENDING_AGE = Duration.ofMinutes(5);

    private final OutboxRelay relay;
    private final PlatformTimer timer;
    private final Clock clock;
    private final Clock system;

    /**
     * @param clock  the service's clock, which stamps the outbox rows (the age of the oldest waiting event)
     * @param system the system clock, which stamps the relay's rounds
     */
    OutboxHealth(OutboxRelay relay, PlatformTimer timer, Clock clock, Clock system) {
        this.relay = relay;
        this.timer = timer;
        this.clock = clock;
        this.system = system;
    }

    @Override
    public Health health() {
        Instant now = system.instant();
        Instant lastRelay = relay.lastRelayAt();
        JdbcOutbox.Backlog backlog = relay.backlog();
        Duration oldest = backlog.oldestCreatedAt() == null ? Duration.ZERO
                : Duration.between(backlog.oldestCreatedAt(), clock.instant());
        PlatformTimer.TaskState task = timer.task(RELAY_TASK);
        boolean relaying = timer.isRunning() && task != null && !timer.isStale(task, now);
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
