package com.aquastream.backup.catalog.config;

import com.aquastream.backup.catalog.backups.OutboxRelay;
import com.aquastream.backup.catalog.restores.VerificationDrills;
import com.aquastream.backup.catalog.retention.Retention;
import com.aquastream.backup.catalog.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * The service's clockwork, all Spring wiring around plain use cases: the schedule's cron (plus the catch-up at start),
 * the Redis snapshots' cron and the verification drills' cron (with the same catch-up), retention's cron, the outbox
 * relay loop and the metrics refresh. Each task logs its failure and runs again next time; nothing here decides anything.
 */
class CatalogTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogTasks.class);

    private final CatalogProperties props;
    private final Scheduler scheduler;
    private final Scheduler redisScheduler;
    private final VerificationDrills drills;
    private final Retention retention;
    private final OutboxRelay relay;
    private final BackupMetrics metrics;
    private final Clock clock;
    private final AtomicReference<Instant> lastRelayAt = new AtomicReference<>();
    private final AtomicReference<String> lastRelayError = new AtomicReference<>();
    private ThreadPoolTaskScheduler executor;
    private volatile Instant startedAt;

    CatalogTasks(CatalogProperties props, Scheduler scheduler, Scheduler redisScheduler, VerificationDrills drills,
                 Retention retention, OutboxRelay relay, BackupMetrics metrics, Clock clock) {
        this.props = props;
        this.scheduler = scheduler;
        this.redisScheduler = redisScheduler;
        this.drills = drills;
        this.retention = retention;
        this.relay = relay;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        executor = new ThreadPoolTaskScheduler();
        executor.setPoolSize(5);
        executor.setThreadNamePrefix("catalog-task-");
        executor.setErrorHandler(e -> log.error("catalog task failed; it runs again on its next turn", e));
        executor.initialize();
        startedAt = clock.instant();
        executor.scheduleWithFixedDelay(this::relayOutbox, props.outbox().pollInterval());
        executor.scheduleWithFixedDelay(metrics::refresh, props.metrics().refreshInterval());
        executor.scheduleWithFixedDelay(this::purgeOutbox, Duration.ofHours(1));
        String scheduleCron = props.schedule().cron();
        if (!CronSlotCalendar.isDisabled(scheduleCron) && props.schedule().selfTriggered()) {
            Duration every = props.schedule().catchUpEvery();
            if (props.schedule().catchUpOnStart() && every != null && !every.isZero()) {
                // A tick only requests a due slot nobody requested yet, so repeating it is harmless.
                executor.scheduleWithFixedDelay(this::tick, every);
            } else if (props.schedule().catchUpOnStart()) {
                executor.execute(this::tick);
            }
            executor.schedule(this::tick, utcCron(scheduleCron));
        }
        String redisCron = CatalogConfiguration.redisCron(props);
        if (!CronSlotCalendar.isDisabled(redisCron) && props.schedule().selfTriggered()) {
            Duration every = props.schedule().catchUpEvery();
            if (props.schedule().catchUpOnStart() && every != null && !every.isZero()) {
                executor.scheduleWithFixedDelay(this::tickRedis, every);
            } else if (props.schedule().catchUpOnStart()) {
                executor.execute(this::tickRedis);
            }
            executor.schedule(this::tickRedis, utcCron(redisCron));
        }
        String drillCron = CatalogConfiguration.verificationCron(props);
        if (!CronSlotCalendar.isDisabled(drillCron) && props.schedule().selfTriggered()) {
            Duration every = props.schedule().catchUpEvery();
            if (props.schedule().catchUpOnStart() && every != null && !every.isZero()) {
                // Like the backup schedule: a drill missed while the service was down is issued once it is back.
                executor.scheduleWithFixedDelay(this::drill, every);
            } else if (props.schedule().catchUpOnStart()) {
                executor.execute(this::drill);
            }
            executor.schedule(this::drill, utcCron(drillCron));
        }
        String retentionCron = props.retention() == null ? null : props.retention().cron();
        if (!CronSlotCalendar.isDisabled(retentionCron)) {
            executor.schedule(() -> retention.applyAll(clock.instant()), utcCron(retentionCron));
        }
    }

    private static CronTrigger utcCron(String expression) {
        return new CronTrigger(expression.trim(), TimeZone.getTimeZone(ZoneOffset.UTC));
    }

    private void tick() {
        var issued = scheduler.tick(clock.instant());
        if (!issued.isEmpty()) {
            log.info("scheduled {} backups for slot {}", issued.size(), issued.get(0).scheduledFor());
        }
    }

    private void tickRedis() {
        var issued = redisScheduler.tick(clock.instant());
        if (!issued.isEmpty()) {
            log.info("scheduled {} Redis snapshots for slot {}", issued.size(), issued.get(0).scheduledFor());
        }
    }

    private void drill() {
        var issued = drills.tick(clock.instant());
        if (!issued.isEmpty()) {
            log.info("requested {} verification drills", issued.size());
        }
    }

    private void relayOutbox() {
        try {
            while (relay.relayBatch() > 0) {
                // drain what is pending, then wait for the next poll
            }
            lastRelayAt.set(clock.instant());
            lastRelayError.set(null);
        } catch (RuntimeException e) {
            lastRelayError.set(e.toString());
            log.warn("outbox relay failed; retrying on the next poll: {}", e.toString());
        }
    }

    private void purgeOutbox() {
        int purged = relay.purgePublishedBefore(clock.instant().minus(props.outbox().keepPublished()));
        if (purged > 0) {
            log.info("deleted {} published outbox rows", purged);
        }
    }

    Instant lastRelayAt() {
        return lastRelayAt.get();
    }

    Instant startedAt() {
        return startedAt;
    }

    String lastRelayError() {
        return lastRelayError.get();
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

    /** Starts after the web server and listeners, stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
