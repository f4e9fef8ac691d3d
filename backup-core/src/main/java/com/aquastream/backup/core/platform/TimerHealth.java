package com.aquastream.backup.core.platform;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health component {@code timer}: DOWN when the timer is not running or a fixed-delay task has not succeeded for ten
 * of its turns (at least a minute); each task's last success and last error in the details.
 */
final class TimerHealth implements HealthIndicator {

    private final PlatformTimer timer;
    private final Clock clock;

    TimerHealth(PlatformTimer timer, Clock clock) {
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        boolean up = timer.isRunning();
        Map<String, Object> details = new LinkedHashMap<>();
        for (PlatformTimer.TaskState state : timer.tasks().values()) {
            boolean stale = timer.isStale(state, now);
            up &= !stale;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", stale ? "DOWN" : "UP");
            detail.put("lastSuccessAt", String.valueOf(state.lastSuccessAt()));
            detail.put("failures", state.failures());
            if (state.lastError() != null) {
                detail.put("error", state.lastError());
            }
            details.put(state.task().name(), detail);
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
