package com.aquastream.backup.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.platform.ScheduledTask;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schedule's cron and catch-up as the platform timer's tasks, ticking as the catalog's own scheduler
 * ({@code CatalogTasks}) did before the platform.
 */
class CronTasksTest {

    private static final String DAILY = "0 0 2 * * *";
    private static final Runnable TICK = () -> { };

    @Test
    void ticksOnTheCronAndCatchesUpAtStartAndEveryFewMinutes() {
        CatalogProperties props = givenSchedule(DAILY, "cron", true, Duration.ofMinutes(5));

        ScheduledTask cron = CronTasks.selfTriggeredCron("backup-schedule", DAILY, props, TICK);
        ScheduledTask catchUp = CronTasks.catchUp("backup-schedule", DAILY, props, TICK);

        assertThat(cron.cron()).isEqualTo(DAILY);
        assertThat(cron.atStart()).isFalse();
        assertThat(catchUp.name()).isEqualTo("backup-schedule-catch-up");
        assertThat(catchUp.every()).isEqualTo(Duration.ofMinutes(5));
        assertThat(catchUp.work()).isSameAs(TICK);
    }

    @Test
    void catchesUpOnlyAtStartWhenNoRepeatIsConfigured() {
        CatalogProperties props = givenSchedule(DAILY, "cron", true, Duration.ZERO);

        ScheduledTask cron = CronTasks.selfTriggeredCron("backup-schedule", DAILY, props, TICK);
        ScheduledTask catchUp = CronTasks.catchUp("backup-schedule", DAILY, props, TICK);

        assertThat(cron.cron()).isEqualTo(DAILY);
        assertThat(cron.atStart()).isTrue();
        assertNeverRuns(catchUp);
    }

    @Test
    void ticksOnlyOnTheCronWithoutCatchUp() {
        CatalogProperties props = givenSchedule(DAILY, "cron", false, Duration.ofMinutes(5));

        ScheduledTask cron = CronTasks.selfTriggeredCron("backup-schedule", DAILY, props, TICK);
        ScheduledTask catchUp = CronTasks.catchUp("backup-schedule", DAILY, props, TICK);

        assertThat(cron.cron()).isEqualTo(DAILY);
        assertThat(cron.atStart()).isFalse();
        assertNeverRuns(catchUp);
    }

    @Test
    void neverTicksByItselfWhenTheTriggerIsExternalOrTheCronADash() {
        CatalogProperties external = givenSchedule(DAILY, "external", true, Duration.ofMinutes(5));
        CatalogProperties dash = givenSchedule("-", "cron", true, Duration.ofMinutes(5));

        assertNeverRuns(CronTasks.selfTriggeredCron("backup-schedule", DAILY, external, TICK));
        assertNeverRuns(CronTasks.catchUp("backup-schedule", DAILY, external, TICK));
        assertNeverRuns(CronTasks.selfTriggeredCron("backup-schedule", "-", dash, TICK));
        assertNeverRuns(CronTasks.catchUp("backup-schedule", "-", dash, TICK));
    }

    private static void assertNeverRuns(ScheduledTask task) {
        assertThat(task.cron()).isNull();
        assertThat(task.every()).isNull();
        assertThat(task.work()).isNotSameAs(TICK);
    }

    private static CatalogProperties givenSchedule(String cron, String trigger, boolean catchUpOnStart,
                                                   Duration catchUpEvery) {
        return new CatalogProperties(null, new CatalogProperties.Schedule(cron, trigger, catchUpOnStart, catchUpEvery,
                Map.of(), null), null, null, null, null, null, null);
    }
}
