package com.aquastream.backup.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class PlatformTimerTest {

    @Test
    void runsEveryTaskOnItsTurnAndKeepsGoingAfterAFailure() {
        AtomicInteger ticks = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger once = new AtomicInteger();
        PlatformTimer timer = new PlatformTimer(List.of(
                ScheduledTask.every("tick", Duration.ofMillis(20), ticks::incrementAndGet),
                ScheduledTask.every("flaky", Duration.ofMillis(20), () -> {
                    if (attempts.incrementAndGet() <= 2) {
                        throw new IllegalStateException("database down");
                    }
                }),
                ScheduledTask.atStart("once", once::incrementAndGet),
                ScheduledTask.cron("never", "-", () -> {
                    throw new AssertionError("a disabled cron never runs");
                })), Clock.systemUTC());
        timer.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> ticks.get() >= 3 && attempts.get() >= 4);
            PlatformTimer.TaskState flaky = timer.task("flaky");
            assertThat(flaky.failures()).isEqualTo(2);
            assertThat(flaky.lastError()).isNull(); // it recovered
            assertThat(flaky.lastSuccessAt()).isNotNull();
            assertThat(once.get()).isEqualTo(1);
            assertThat(timer.tasks()).containsOnlyKeys("tick", "flaky", "once", "never");
        } finally {
            timer.stop();
        }
        assertThat(timer.isRunning()).isFalse();
    }

    @Test
    void healthIsDownWhenAFixedDelayTaskHasNotSucceededForTenTurns() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
        PlatformTimer timer = new PlatformTimer(List.of(
                new ScheduledTask("evaluate", Duration.ofHours(1), null, false, () -> {
                    throw new IllegalStateException("broker down");
                })), clock);
        timer.start();
        try {
            TimerHealth health = new TimerHealth(timer, clock);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            timer.runNow("evaluate");
            assertThat(timer.task("evaluate").lastError()).contains("broker down");
            clock.now = clock.now.plus(Duration.ofHours(11));
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsKey("evaluate");
        } finally {
            timer.stop();
        }
    }

    @Test
    void refusesTwoTasksOfOneNameAndATaskWithoutATurn() {
        assertThatThrownBy(() -> new PlatformTimer(List.of(ScheduledTask.atStart("a", () -> { }),
                ScheduledTask.atStart("a", () -> { })), Clock.systemUTC()))
                .hasMessageContaining("two scheduled tasks are named a");
        assertThatThrownBy(() -> new ScheduledTask("x", null, null, false, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduledTask.every("x", Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlatformTimer(List.of(), Clock.systemUTC()).runNow("missing"))
                .hasMessageContaining("no scheduled task missing");
    }

    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
