package com.aquastream.backup.core.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * The one timer of a service: runs every {@link ScheduledTask} bean, each on its own turn, on a small pool of
 * {@code platform-timer-} threads. Starts after the web server and the job consumers, stops before them. A failed run
 * is logged (WARN, without a stack trace for the usual "database down") and tried again on the task's next turn.
 */
public final class PlatformTimer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PlatformTimer.class);

    /** What one task did last. */
    public static final class TaskState {
        private final ScheduledTask task;
        private final AtomicReference<Instant> lastSuccessAt = new AtomicReference<>();
        private final AtomicReference<String> lastError = new AtomicReference<>();
        private final AtomicLong failures = new AtomicLong();

        TaskState(ScheduledTask task) {
            this.task = task;
        }

        public ScheduledTask task() {
            return task;
        }

        /** When a run last ended without an exception; {@code null} before the first. */
        public Instant lastSuccessAt() {
            return lastSuccessAt.get();
        }

        /** The last run's exception, {@code null} when it succeeded. */
        public String lastError() {
            return lastError.get();
        }

        public long failures() {
            return failures.get();
        }
    }

    private final Map<String, TaskState> tasks = new LinkedHashMap<>();
    private final Clock clock;
    private ThreadPoolTaskScheduler executor;
    private volatile Instant startedAt;

    PlatformTimer(List<ScheduledTask> scheduled, Clock clock) {
        this.clock = clock;
        for (ScheduledTask task : scheduled) {
            if (tasks.putIfAbsent(task.name(), new TaskState(task)) != null) {
                throw new IllegalStateException("two scheduled tasks are named " + task.name());
            }
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(Math.max(1, Math.min(tasks.size(), 4)));
        scheduler.setThreadNamePrefix("platform-timer-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        scheduler.initialize();
        startedAt = clock.instant();
        for (TaskState state : tasks.values()) {
            ScheduledTask task = state.task();
            Runnable run = () -> run(state);
            if (task.every() != null) {
                scheduler.scheduleWithFixedDelay(run, task.every());
            } else {
                if (task.atStart()) {
                    scheduler.execute(run);
                }
                if (task.cron() != null) {
                    scheduler.schedule(run, new CronTrigger(task.cron(), TimeZone.getTimeZone(ZoneOffset.UTC)));
                }
            }
        }
        executor = scheduler;
        log.info("timer started: {}", tasks.keySet());
    }

    private void run(TaskState state) {
        try {
            state.task().work().run();
            state.lastSuccessAt.set(clock.instant());
            state.lastError.set(null);
        } catch (RuntimeException e) {
            state.failures.incrementAndGet();
            state.lastError.set(e.toString());
            log.warn("task {} failed, it runs again on its next turn: {}", state.task().name(), e.toString());
            log.debug("task {} failed", state.task().name(), e);
        }
    }

    /** Runs a task now, on the caller's thread, as its turn would (tests, and a service's "do it now"). */
    public void runNow(String name) {
        TaskState state = tasks.get(name);
        if (state == null) {
            throw new IllegalArgumentException("no scheduled task " + name + "; there are " + tasks.keySet());
        }
        run(state);
    }

    /** Every task's state, in declaration order. */
    public Map<String, TaskState> tasks() {
        return Collections.unmodifiableMap(tasks);
    }

    public TaskState task(String name) {
        return tasks.get(name);
    }

    /** When the timer started; {@code null} before. */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * A fixed-delay task is stale when it has not succeeded for ten of its delays (at least a minute), counted from
     * the timer's start before its first success.
     */
    public boolean isStale(TaskState state, Instant now) {
        Duration every = state.task().every();
        if (every == null || startedAt == null) {
            return false;
        }
        Duration tenTurns = every.multipliedBy(10);
        Duration allowed = tenTurns.compareTo(Duration.ofMinutes(1)) > 0 ? tenTurns : Duration.ofMinutes(1);
        Instant reference = state.lastSuccessAt() != null ? state.lastSuccessAt() : startedAt;
        return reference.isBefore(now.minus(allowed));
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** After the web server and the job consumers start; before them on shutdown. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
