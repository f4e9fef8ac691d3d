package com.aquastream.backup.catalog.schedule;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aRefusalOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aSchema;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.theManualsTargets;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.catalog.backups.BackupOutcomes;
import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.catalog.backups.InMemoryCatalog;
import com.aquastream.backup.catalog.backups.SchemaChanges;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.Targets;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private static final SchemaRef USER = aSchema("user");
    private static final SchemaRef EVENT = aSchema("event");

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final Scheduler scheduler = new Scheduler(dailyAtTwo(), new Targets(List.of(USER, EVENT)), catalog,
            catalog, catalog, catalog);
    private final BackupResults results = new BackupResults(catalog, theManualsTargets(), catalog, catalog,
            SchemaChanges.NONE, BackupOutcomes.NONE, Clock.systemUTC());

    @Test
    void requestsOneBackupPerSchemaWithTheDeterministicIdOfItsSlot() {
        Instant slot = Instant.parse("2025-08-13T02:00:00Z");

        List<BackupRequested> issued = scheduler.tick(slot.plusSeconds(1));

        assertThat(issued).extracting(BackupRequested::schema).containsExactly("event", "user");
        BackupRequested user = issued.get(1);
        assertThat(user.requestId()).isEqualTo(
                UUID.nameUUIDFromBytes("aquastream.user@2025-08-13T02:00:00Z".getBytes(StandardCharsets.UTF_8)));
        assertThat(user.scheduledFor()).isEqualTo(slot);
        assertThat(user.trigger()).isEqualTo(Trigger.SCHEDULE);
        assertThat(catalog.published(BackupRequested.class)).isEqualTo(issued);
    }

    @Test
    void requestsOnlyTheConfiguredSchemasWhateverTheCatalogHeardOfOthers() {
        Instant slot = Instant.parse("2025-08-13T02:00:00Z");
        results.failed(aRefusalOf(aSchema("pg_catalog"), UUID.randomUUID()));
        results.completed(aCompletionOf(aSchema("legacy"), slot.minus(Duration.ofDays(1)), Tier.DAILY));

        List<BackupRequested> issued = scheduler.tick(slot.plusSeconds(1));

        assertThat(issued).extracting(BackupRequested::schema).containsExactly("event", "user");
    }

    @Test
    void requestsASlotOnlyOnceHoweverOftenItTicks() {
        Instant slot = Instant.parse("2025-08-13T02:00:00Z");
        scheduler.tick(slot);

        List<BackupRequested> again = scheduler.tick(slot.plus(Duration.ofHours(5)));

        assertThat(again).isEmpty();
        assertThat(catalog.published(BackupRequested.class)).hasSize(2);
    }

    @Test
    void requestsDailyAndWeeklyOnASunday() {
        givenACompletedBackupOfEveryDayFrom("2025-08-11", 6);

        List<BackupRequested> issued = scheduler.tick(Instant.parse("2025-08-17T02:00:00Z"));

        assertThat(issued).allSatisfy(r -> assertThat(r.tiers()).containsExactly(Tier.DAILY, Tier.WEEKLY));
    }

    @Test
    void requestsDailyAndMonthlyOnTheFirst() {
        givenACompletedBackupOfEveryDayFrom("2025-08-25", 6);

        List<BackupRequested> issued = scheduler.tick(Instant.parse("2025-09-01T02:00:00Z"));

        // 2025-09-01 is a Monday: its ISO week has no weekly copy yet, so it carries WEEKLY as well.
        assertThat(issued).allSatisfy(r -> assertThat(r.tiers())
                .containsExactly(Tier.DAILY, Tier.WEEKLY, Tier.MONTHLY));
    }

    @Test
    void requestsOnlyDailyMidWeekWhenTheWeekAndMonthHaveTheirCopies() {
        givenACompletedBackupOfEveryDayFrom("2025-08-11", 2);

        List<BackupRequested> issued = scheduler.tick(Instant.parse("2025-08-13T02:00:00Z"));

        assertThat(issued).allSatisfy(r -> assertThat(r.tiers()).containsExactly(Tier.DAILY));
    }

    @Test
    void carriesWeeklyIntoEveryBackupOfAWeekUntilOneOfThemCompletes() {
        givenACompletedBackupOfEveryDayFrom("2025-08-04", 7);
        scheduler.tick(Instant.parse("2025-08-11T02:00:00Z")); // Monday: requested, failed
        scheduler.tick(Instant.parse("2025-08-12T02:00:00Z")); // Tuesday: requested, failed

        List<BackupRequested> wednesday = scheduler.tick(Instant.parse("2025-08-13T02:00:00Z"));

        assertThat(wednesday).allSatisfy(r -> assertThat(r.tiers()).containsExactly(Tier.DAILY, Tier.WEEKLY));
    }

    @Test
    void keepsTheWeeklyCopyOfAWeekWhoseSundayFailed() {
        givenACompletedBackupOfEveryDayFrom("2025-08-11", 6);

        scheduler.tick(Instant.parse("2025-08-17T02:00:00Z")); // Sunday: requested, failed

        assertThat(catalog.hasLiveObject(USER, Scheduler.keyStem(USER, Tier.WEEKLY,
                Instant.parse("2025-08-17T02:00:00Z")))).isTrue();
        assertThat(catalog.published(BackupRequested.class).get(0).tiers())
                .as("Monday of the week carried the weekly copy").contains(Tier.DAILY, Tier.WEEKLY);
    }

    @Test
    void carriesMonthlyIntoTheNextBackupWhenTheFirstFailed() {
        givenACompletedBackupOfEveryDayFrom("2025-08-25", 6);
        scheduler.tick(Instant.parse("2025-09-01T02:00:00Z")); // requested, never completes: the 1st failed

        List<BackupRequested> second = scheduler.tick(Instant.parse("2025-09-02T02:00:00Z"));

        assertThat(second).allSatisfy(r -> assertThat(r.tiers()).contains(Tier.DAILY, Tier.MONTHLY));
    }

    @Test
    void stopsCarryingMonthlyOnceABackupOfTheMonthHoldsIt() {
        givenACompletedBackupOfEveryDayFrom("2025-08-25", 6);
        scheduler.tick(Instant.parse("2025-09-01T02:00:00Z"));
        Instant second = Instant.parse("2025-09-02T02:00:00Z");
        scheduler.tick(second);
        givenCompleted(second, Tier.DAILY, Tier.WEEKLY, Tier.MONTHLY);

        List<BackupRequested> third = scheduler.tick(Instant.parse("2025-09-03T02:00:00Z"));

        assertThat(third).allSatisfy(r -> assertThat(r.tiers()).containsExactly(Tier.DAILY));
    }

    @Test
    void catchesUpTheMostRecentMissedSlotWhenItStartsLate() {
        scheduler.tick(Instant.parse("2025-08-12T02:00:00Z"));

        // Down from the 12th until the 14th at 09:30: the 13th and 14th were missed; the 14th is the one to run.
        List<BackupRequested> caughtUp = scheduler.tick(Instant.parse("2025-08-14T09:30:00Z"));

        assertThat(caughtUp).extracting(BackupRequested::scheduledFor)
                .containsOnly(Instant.parse("2025-08-14T02:00:00Z"));
        assertThat(caughtUp).hasSize(2);
    }

    @Test
    void requestsNothingWithoutASchedule() {
        Scheduler manualOnly = new Scheduler(SlotCalendar.NONE, new Targets(List.of(USER)), catalog, catalog, catalog,
                catalog);

        List<BackupRequested> issued = manualOnly.tick(Instant.parse("2025-08-14T09:30:00Z"));

        assertThat(issued).isEmpty();
    }

    private void givenACompletedBackupOfEveryDayFrom(String firstDay, int days) {
        Instant first = Instant.parse(firstDay + "T02:00:00Z");
        for (int i = 0; i < days; i++) {
            Instant slot = first.plus(Duration.ofDays(i));
            BackupRequested request = scheduler.tick(slot).get(0);
            givenCompleted(slot, request.tiers().toArray(Tier[]::new));
        }
    }

    private void givenCompleted(Instant slot, Tier... tiers) {
        results.completed(aCompletionOf(USER, slot, tiers));
        results.completed(aCompletionOf(EVENT, slot, tiers));
    }

    /** Daily at 02:00 UTC, like the production cron, without Spring. */
    private static SlotCalendar dailyAtTwo() {
        return now -> {
            Instant today = now.atZone(ZoneOffset.UTC).toLocalDate().atTime(2, 0).toInstant(ZoneOffset.UTC);
            return Optional.of(today.isAfter(now) ? today.minus(Duration.ofDays(1)) : today);
        };
    }
}
