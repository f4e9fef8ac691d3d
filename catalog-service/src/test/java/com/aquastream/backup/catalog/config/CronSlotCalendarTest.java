package com.aquastream.backup.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.catalog.schedule.SlotCalendar;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronSlotCalendarTest {

    private final SlotCalendar production = CronSlotCalendar.of("0 0 2 * * *");

    @Test
    void findsTodaysSlotAfterTwoOClockUtc() {
        assertThat(production.latestSlotAtOrBefore(Instant.parse("2025-08-18T09:15:00Z")))
                .contains(Instant.parse("2025-08-18T02:00:00Z"));
    }

    @Test
    void countsTheSlotItselfAsDue() {
        assertThat(production.latestSlotAtOrBefore(Instant.parse("2025-08-18T02:00:00Z")))
                .contains(Instant.parse("2025-08-18T02:00:00Z"));
    }

    @Test
    void findsYesterdaysSlotBeforeTwoOClockUtc() {
        assertThat(production.latestSlotAtOrBefore(Instant.parse("2025-08-18T01:59:59Z")))
                .contains(Instant.parse("2025-08-17T02:00:00Z"));
    }

    @Test
    void followsTheStagingCron() {
        assertThat(CronSlotCalendar.of("0 0 3 * * *").latestSlotAtOrBefore(Instant.parse("2025-08-18T09:15:00Z")))
                .contains(Instant.parse("2025-08-18T03:00:00Z"));
    }

    @Test
    void hasNoSlotsForTheDevelopmentSetting() {
        assertThat(CronSlotCalendar.of("-").latestSlotAtOrBefore(Instant.now())).isEmpty();
        assertThat(CronSlotCalendar.of("").latestSlotAtOrBefore(Instant.now())).isEmpty();
    }
}
