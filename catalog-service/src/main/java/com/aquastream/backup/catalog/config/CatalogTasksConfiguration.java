package com.aquastream.backup.catalog.config;

import com.aquastream.backup.catalog.restores.VerificationDrills;
import com.aquastream.backup.catalog.retention.Retention;
import com.aquastream.backup.catalog.schedule.Scheduler;
import com.aquastream.backup.core.platform.ScheduledTask;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The catalog's clockwork as tasks of the platform's one timer ({@code PlatformTimer}; the outbox relay and its purge
 * are the platform's own tasks): the schedule's cron, the Redis snapshots' cron and the verification drills' cron,
 * each with its catch-up, retention's cron and the metrics refresh. Each task logs its failure and runs again on its
 * next turn; nothing here decides anything.
 *
 * <p>A cron task and its catch-up are two tasks, because a timer task has either a cron or a delay: with
 * {@code catalog.schedule.catch-up-on-start} the catch-up ({@code <name>-catch-up}) runs at start and every
 * {@code catch-up-every} (or, with {@code catch-up-every: 0}, the cron task runs once at start as well). A tick only
 * requests a due slot nobody requested yet, so repeating it is harmless. A disabled cron ({@code -}) or
 * {@code trigger: external} leaves both tasks listed but never run.
 */
@Configuration(proxyBeanMethods = false)
class CatalogTasksConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CatalogTasksConfiguration.class);

    static final String SCHEDULE = "backup-schedule";
    static final String REDIS_SCHEDULE = "redis-schedule";
    static final String DRILLS = "verification-drills";
    static final String RETENTION = "retention";
    static final String METRICS = "metrics-refresh";
    static final String CATCH_UP = "-catch-up";

    @Bean
    ScheduledTask backupScheduleTask(CatalogProperties props, Scheduler scheduler, Clock clock) {
        return selfTriggeredCron(SCHEDULE, props.schedule().cron(), props, tick(scheduler, clock, "backups"));
    }

    @Bean
    ScheduledTask backupScheduleCatchUpTask(CatalogProperties props, Scheduler scheduler, Clock clock) {
        return catchUp(SCHEDULE, props.schedule().cron(), props, tick(scheduler, clock, "backups"));
    }

    @Bean
    ScheduledTask redisScheduleTask(CatalogProperties props, @Qualifier("redisScheduler") Scheduler redisScheduler,
                                    Clock clock) {
        return selfTriggeredCron(REDIS_SCHEDULE, CatalogConfiguration.redisCron(props), props,
                tick(redisScheduler, clock, "Redis snapshots"));
    }

    @Bean
    ScheduledTask redisScheduleCatchUpTask(CatalogProperties props,
                                           @Qualifier("redisScheduler") Scheduler redisScheduler, Clock clock) {
        return catchUp(REDIS_SCHEDULE, CatalogConfiguration.redisCron(props), props,
                tick(redisScheduler, clock, "Redis snapshots"));
    }

    /** Like the backup schedule: a drill missed while the service was down is issued once it is back. */
    @Bean
    ScheduledTask verificationDrillsTask(CatalogProperties props, VerificationDrills drills, Clock clock) {
        return selfTriggeredCron(DRILLS, CatalogConfiguration.verificationCron(props), props, drill(drills, clock));
    }

    @Bean
    ScheduledTask verificationDrillsCatchUpTask(CatalogProperties props, VerificationDrills drills, Clock clock) {
        return catchUp(DRILLS, CatalogConfiguration.verificationCron(props), props, drill(drills, clock));
    }

    /** Retention on its own cron (it also runs after every completion), whatever the schedule's trigger. */
    @Bean
    ScheduledTask retentionTask(CatalogProperties props, Retention retention, Clock clock) {
        String cron = props.retention() == null ? null : props.retention().cron();
        return ScheduledTask.cron(RETENTION, cron, () -> retention.applyAll(clock.instant()));
    }

    /** The per-schema gauges re-read from the catalog (other instances' work). */
    @Bean
    ScheduledTask metricsRefreshTask(CatalogProperties props, BackupMetrics metrics) {
        return ScheduledTask.every(METRICS, props.metrics().refreshInterval(), metrics::refresh);
    }

    /**
     * The cron task of a self-triggered schedule; with catch-up on start but no {@code catch-up-every}, it also runs
     * once at start.
     */
    static ScheduledTask selfTriggeredCron(String name, String cron, CatalogProperties props, Runnable tick) {
        if (!runsItself(cron, props)) {
            return ScheduledTask.cron(name, null, tick);
        }
        boolean onceAtStart = props.schedule().catchUpOnStart() && !repeatsCatchUp(props);
        return new ScheduledTask(name, null, cron.trim(), onceAtStart, tick);
    }

    /** The catch-up of a self-triggered schedule: at start and every {@code catch-up-every}, when both are on. */
    static ScheduledTask catchUp(String name, String cron, CatalogProperties props, Runnable tick) {
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

    private static Runnable tick(Scheduler scheduler, Clock clock, String what) {
        return () -> {
            var issued = scheduler.tick(clock.instant());
            if (!issued.isEmpty()) {
                log.info("scheduled {} {} for slot {}", issued.size(), what, issued.get(0).scheduledFor());
            }
        };
    }

    private static Runnable drill(VerificationDrills drills, Clock clock) {
        return () -> {
            var issued = drills.tick(clock.instant());
            if (!issued.isEmpty()) {
                log.info("requested {} verification drills", issued.size());
            }
        };
    }
}
