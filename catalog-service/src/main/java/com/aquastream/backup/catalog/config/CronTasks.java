package com.aquastream.backup.catalog.config;

import com.aquastream.backup.core.platform.ScheduledTask;
import java.time.Duration;

/**
 * A self-triggered cron of the catalog (the backup schedule, the Redis snapshots, the verification drills) as tasks of
 * the platform's one timer ({@code PlatformTimer}), the same for every feature that has one.
 *
 * <p>A cron task and its catch-up are two tasks, because a timer task has either a cron or a delay: with
 * {@code catalog.schedule.catch-up-on-start} the catch-up ({@code <name>-catch-up}) runs at start and every
 * {@code catch-up-every} (or, with {@code catch-up-every: 0}, the cron task runs once at start as well). A tick only
 * requests a due slot nobody requested yet, so repeating it is harmless. A disabled cron ({@code -}) or
 * {@code trigger: external} leaves both tasks listed but never run. Each task logs its failure and runs again on its
 * next turn; nothing here decides anything.
 */
public final class CronTasks {

    static final String CATCH_UP = "-catch-up";

    private CronTasks() {
    }

    /**
     * The cron task of a self-triggered schedule; with catch-up on start but no {@code catch-up-every}, it also runs
     * once at start.
     */
    public static ScheduledTask selfTriggeredCron(String name, String cron, CatalogProperties props, Runnable tick) {
        if (!runsItself(cron, props)) {
            return ScheduledTask.cron(name, null, tick);
        }
        boolean onceAtStart = props.schedule().catchUpOnStart() && !repeatsCatchUp(props);
        return new ScheduledTask(name, null, cron.trim(), onceAtStart, tick);
    }

    /** The catch-up of a self-triggered schedule: at start and every {@code catch-up-every}, when both are on. */
    public static ScheduledTask catchUp(String name, String cron, CatalogProperties props, Runnable tick) {
        if (!runsItself(cron, props) || !props.schedule().catchUpOnStart() || !repeatsCatchUp(props)) {
            return ScheduledTask.cron(name + CATCH_UP, null, tick);
        }
        return ScheduledTask.every(name + CATCH_UP, props.schedule().catchUpEvery(), tick);
    }

    private static boolean runsItself(String cron, CatalogProperties props) {
        return !ScheduledTask.isDisabled(cron) && props.schedule().selfTriggered();
    }

    private static boolean repeatsCatchUp(CatalogProperties props) {
        Duration every = props.schedule().catchUpEvery();
        return every != null && !every.isZero() && !every.isNegative();
    }
}
