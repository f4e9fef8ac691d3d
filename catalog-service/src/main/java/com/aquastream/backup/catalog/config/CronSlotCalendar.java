package com.aquastream.backup.catalog.config;

import com.aquastream.backup.catalog.schedule.SlotCalendar;
import com.aquastream.backup.core.platform.ScheduledTask;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * Slots of a Spring cron expression evaluated in UTC, as the manual's schedule is written. Shared by the two features
 * that tick on a cron of {@code catalog.*}: the schedules and the verification drills.
 */
public final class CronSlotCalendar implements SlotCalendar {

    /** How far back a slot is looked for; a daily or weekly cron always has one within it. */
    private static final Duration LOOK_BACK = Duration.ofDays(35);

    private final CronExpression cron;

    CronSlotCalendar(String expression) {
        this.cron = CronExpression.parse(expression);
    }

    /** {@code null}, blank and {@code -} (Spring's "disabled") mean no schedule. */
    public static SlotCalendar of(String expression) {
        return isDisabled(expression) ? SlotCalendar.NONE : new CronSlotCalendar(expression.trim());
    }

    static boolean isDisabled(String expression) {
        return ScheduledTask.isDisabled(expression);
    }

    @Override
    public Optional<Instant> latestSlotAtOrBefore(Instant now) {
        // CronExpression only answers "next after": walk forward from the look-back start to the last slot <= now.
        ZonedDateTime cursor = now.minus(LOOK_BACK).atZone(ZoneOffset.UTC);
        Instant latest = null;
        while (true) {
            ZonedDateTime next = cron.next(cursor);
            if (next == null || next.toInstant().isAfter(now)) {
                return Optional.ofNullable(latest);
            }
            latest = next.toInstant();
            cursor = next;
        }
    }
}
