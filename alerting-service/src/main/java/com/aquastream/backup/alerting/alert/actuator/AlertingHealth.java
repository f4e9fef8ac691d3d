package com.aquastream.backup.alerting.alert.actuator;

import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.platform.PlatformTimer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code alerting} health: UP while the event consumer runs and the evaluation (the timer's task
 * {@code alert-evaluation}) succeeded recently: within three intervals, at least a minute. A dead evaluation means
 * dead-man's switches no longer fire, so it must show sooner than the platform's {@code timer} component (ten turns)
 * says it.
 */
public final class AlertingHealth implements HealthIndicator {

    private final ObjectProvider<JobConsumer> consumers;
    private final PlatformTimer timer;
    private final String task;
    private final Duration allowed;
    private final Clock clock;

    public AlertingHealth(ObjectProvider<JobConsumer> consumers, PlatformTimer timer, String task, Duration interval,
                          Clock clock) {
        this.consumers = consumers;
        this.timer = timer;
        this.task = task;
        Duration threeIntervals = interval.multipliedBy(3);
        this.allowed = threeIntervals.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : threeIntervals;
        this.clock = clock;
    }

    @Override
    public Health health() {
        List<JobConsumer> all = consumers.orderedStream().toList();
        boolean consumersRunning = !all.isEmpty() && all.stream().allMatch(JobConsumer::isRunning);
        PlatformTimer.TaskState evaluation = timer.task(task);
        Instant last = evaluation == null ? null : evaluation.lastSuccessAt();
        // Before the first success, the evaluation counts from the timer's start.
        Instant reference = last != null ? last : timer.startedAt();
        boolean evaluating = reference != null && clock.instant().isBefore(reference.plus(allowed));
        Health.Builder health = consumersRunning && evaluating ? Health.up() : Health.down();
        return health.withDetail("consumersRunning", consumersRunning)
                .withDetail("lastEvaluation", last == null ? "none yet" : last.toString())
                .build();
    }
}
