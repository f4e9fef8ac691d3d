package com.aquastream.backup.core.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * Periodic work of a service, declared as a bean and run by the platform's one timer ({@link PlatformTimer}): at a
 * fixed delay, on a UTC cron expression, or once at start. A run that throws is logged and counted; the task runs
 * again on its next turn. The timer's health shows each task's last success and last error.
 *
 * @param name     what the logs and the health call it
 * @param every    fixed delay between runs ({@code null} for a cron or one-shot task)
 * @param cron     Spring cron expression in UTC ({@code null} for the others)
 * @param atStart  also run once right after start (a fixed-delay task always does)
 * @param work     the work; quick, or at least bounded
 */
public record ScheduledTask(String name, Duration every, String cron, boolean atStart, Runnable work) {

    public ScheduledTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(work, "work");
        if ((every == null) == (cron == null) && !atStart) {
            throw new IllegalArgumentException("task " + name + " needs exactly one of a delay and a cron expression,"
                    + " or to run at start");
        }
        if (every != null && (every.isNegative() || every.isZero())) {
            throw new IllegalArgumentException("task " + name + ": the delay must be positive, was " + every);
        }
    }

    /** Runs right after start, then {@code every} after each run ends. */
    public static ScheduledTask every(String name, Duration every, Runnable work) {
        return new ScheduledTask(name, every, null, true, work);
    }

    /** Runs on the UTC cron expression; {@code null}, blank or {@code "-"} means never (the task is still listed). */
    public static ScheduledTask cron(String name, String cron, Runnable work) {
        return new ScheduledTask(name, null, isDisabled(cron) ? null : cron.trim(), isDisabled(cron), isDisabled(cron)
                ? () -> { } : work);
    }

    /** Runs once, right after start. */
    public static ScheduledTask atStart(String name, Runnable work) {
        return new ScheduledTask(name, null, null, true, work);
    }

    /** A cron expression that means "never": none, blank or {@code "-"} (Spring's own convention). */
    public static boolean isDisabled(String cron) {
        return cron == null || cron.isBlank() || cron.trim().equals("-");
    }
}
