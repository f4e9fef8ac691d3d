package com.aquastream.backup.alerting.config;

import com.aquastream.backup.alerting.alert.Alerting;
import com.aquastream.backup.alerting.alert.jdbc.JdbcAlertState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Lets time pass for the rules: every {@code alerting.evaluation-interval} it evaluates the time-based rules, retries
 * undelivered notifications and unpublished alert events. On start it first resumes what a previous run left
 * undelivered. Failures (database or broker down) are logged and retried on the next tick.
 */
public final class EvaluationTimer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EvaluationTimer.class);

    private final Alerting alerting;
    private final JdbcAlertState state;
    private final Duration interval;
    private final Duration processedRetention;
    private final Clock clock;
    private volatile ScheduledExecutorService executor;
    /** Wall-clock time of the last successful evaluation, for health. */
    private volatile Instant lastSuccess;

    EvaluationTimer(Alerting alerting, JdbcAlertState state, Duration interval, Duration processedRetention,
                    Clock clock) {
        this.alerting = alerting;
        this.state = state;
        this.interval = interval;
        this.processedRetention = processedRetention;
        this.clock = clock;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "alert-evaluation");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            alerting.evaluate();
            state.pruneProcessed(clock.instant().minus(processedRetention));
            lastSuccess = Instant.now();
        } catch (RuntimeException e) {
            log.warn("alert evaluation failed, retrying in {}: {}", interval, e.toString());
        }
    }

    /** Wall-clock time of the last successful evaluation, or {@code null} before the first one. */
    Instant lastSuccess() {
        return lastSuccess;
    }

    Duration interval() {
        return interval;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
