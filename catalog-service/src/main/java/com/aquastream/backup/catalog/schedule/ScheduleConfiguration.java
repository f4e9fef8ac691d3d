package com.aquastream.backup.catalog.schedule;

import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.config.CatalogProperties;
import com.aquastream.backup.catalog.config.CronSlotCalendar;
import com.aquastream.backup.catalog.config.CronTasks;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.core.platform.ScheduledTask;
import com.aquastream.backup.core.platform.Transactions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Wires the schedules: the PostgreSQL schedule ({@code catalog.schedule.cron}) and the Redis snapshots'
 * ({@code catalog.schedule.redis.cron}), each a {@link Scheduler} with its cron task and catch-up on the platform's
 * timer ({@link CronTasks}; STYLE rule 10).
 */
@Configuration(proxyBeanMethods = false)
class ScheduleConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ScheduleConfiguration.class);

    static final String SCHEDULE = "backup-schedule";
    static final String REDIS_SCHEDULE = "redis-schedule";

    /** The PostgreSQL schedule (primary: the one {@code Scheduler} callers mean). */
    @Bean
    @Primary
    Scheduler scheduler(CatalogProperties props, ScheduleBook book, BackupCatalog catalog, Outbox outbox,
                        Transactions transactions) {
        return new Scheduler(CronSlotCalendar.of(props.schedule().cron()), props.postgresTargets(), book, catalog,
                outbox, transactions);
    }

    /** The Redis instances' schedule: hourly by default, one DAILY-tier snapshot per slot. */
    @Bean
    Scheduler redisScheduler(CatalogProperties props, ScheduleBook book, BackupCatalog catalog, Outbox outbox,
                             Transactions transactions) {
        return new Scheduler(CronSlotCalendar.of(redisCron(props)), props.redisTargets(), book, catalog, outbox,
                transactions, ScheduledTiers::redisSnapshot);
    }

    @Bean
    ScheduledTask backupScheduleTask(CatalogProperties props, Scheduler scheduler, Clock clock) {
        return CronTasks.selfTriggeredCron(SCHEDULE, props.schedule().cron(), props, tick(scheduler, clock, "backups"));
    }

    @Bean
    ScheduledTask backupScheduleCatchUpTask(CatalogProperties props, Scheduler scheduler, Clock clock) {
        return CronTasks.catchUp(SCHEDULE, props.schedule().cron(), props, tick(scheduler, clock, "backups"));
    }

    @Bean
    ScheduledTask redisScheduleTask(CatalogProperties props, @Qualifier("redisScheduler") Scheduler redisScheduler,
                                    Clock clock) {
        return CronTasks.selfTriggeredCron(REDIS_SCHEDULE, redisCron(props), props,
                tick(redisScheduler, clock, "Redis snapshots"));
    }

    @Bean
    ScheduledTask redisScheduleCatchUpTask(CatalogProperties props,
                                           @Qualifier("redisScheduler") Scheduler redisScheduler, Clock clock) {
        return CronTasks.catchUp(REDIS_SCHEDULE, redisCron(props), props,
                tick(redisScheduler, clock, "Redis snapshots"));
    }

    private static String redisCron(CatalogProperties props) {
        return props.schedule() == null || props.schedule().redis() == null ? null : props.schedule().redis().cron();
    }

    private static Runnable tick(Scheduler scheduler, Clock clock, String what) {
        return () -> {
            var issued = scheduler.tick(clock.instant());
            if (!issued.isEmpty()) {
                log.info("scheduled {} {} for slot {}", issued.size(), what, issued.get(0).scheduledFor());
            }
        };
    }
}
