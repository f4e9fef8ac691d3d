package com.aquastream.backup.alerting.alert;

import static com.aquastream.backup.alerting.alert.AlertingFixtures.aCompletedBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aCompletedRestoreOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedReplicationOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedRestoreOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aRejectedRestoreOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aReplicationOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aRequestOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aRestoreCommand;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aVerificationOf;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RuleEngineTest {

    private static final String DB = "aquastream";
    private static final Target USER = new Target(DB, "user");
    private static final Target EVENT = new Target(DB, "event");
    private static final Instant T0 = Instant.parse("2025-08-18T02:00:00Z");

    private final InMemoryAlertState state = new InMemoryAlertState();
    private final RuleEngine engine = new RuleEngine(AlertSettings.defaults(),
            new MonitoredTargets(Map.of(DB, List.of("user", "event"))), state, UUID::randomUUID);
    private final List<AlertChange> changes = new ArrayList<>();

    @Test
    void raisesBackupFailedOnceAndResolvesItOnTheNextCompletedBackup() {
        givenEvents(aFailedBackupOf(DB, "user", UUID.randomUUID(), T0),
                aFailedBackupOf(DB, "user", UUID.randomUUID(), T0.plusSeconds(60)));

        when(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 1000, T0.plus(ofHours(1))));

        assertThat(raised(AlertRule.BACKUP_FAILED)).containsExactly(USER);
        assertThat(resolved(AlertRule.BACKUP_FAILED)).containsExactly(USER);
    }

    @Test
    void describesARefusedRequestAsRefused() {
        givenNothing();

        when(new com.aquastream.backup.events.BackupFailed(UUID.randomUUID(), T0, DB, "user", UUID.randomUUID(), 0,
                false, "rejected: schema not allowed"));

        assertThat(changes).singleElement().satisfies(c ->
                assertThat(c.alert().message()).startsWith("Backup request for aquastream.user was refused"));
    }

    @Test
    void tellsOfARefusedRequestForAnUnmonitoredSchemaOnceWithoutKeepingAnAlertOpen() {
        givenNothing();

        when(new com.aquastream.backup.events.BackupFailed(UUID.randomUUID(), T0, DB, "pg_catalog",
                UUID.randomUUID(), 0, false, "rejected: schema pg_catalog of database aquastream is not configured"));
        evaluateAt(T0.plusSeconds(60));
        evaluateAt(T0.plus(ofHours(30)));

        assertThat(raised(AlertRule.BACKUP_REQUEST_REFUSED)).extracting(Target::schema).containsExactly("pg_catalog");
        assertThat(resolved(AlertRule.BACKUP_REQUEST_REFUSED)).extracting(Target::schema)
                .containsExactly("pg_catalog");
        assertThat(raised(AlertRule.BACKUP_FAILED)).isEmpty();
        assertThat(state.openAlerts()).noneMatch(a -> a.target().schema().equals("pg_catalog"));
    }

    @Test
    void keepsARefusalOfAMonitoredSchemaOpenAsAFailedBackup() {
        givenNothing();

        when(new com.aquastream.backup.events.BackupFailed(UUID.randomUUID(), T0, DB, "user", UUID.randomUUID(), 0,
                false, "rejected: schema user of database aquastream is not configured"));
        evaluateAt(T0.plusSeconds(60));

        assertThat(raised(AlertRule.BACKUP_FAILED)).containsExactly(USER);
        assertThat(resolved(AlertRule.BACKUP_FAILED)).isEmpty();
    }

    @Test
    void raisesBackupMissingOnlyAfterTwentyFiveHoursWithoutACompletedBackup() {
        givenEvents(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 1000, T0),
                aCompletedBackupOf(DB, "event", UUID.randomUUID(), 1000, T0.plus(ofHours(20))));

        evaluateAt(T0.plus(ofHours(25)));
        evaluateAt(T0.plus(ofHours(25)).plusSeconds(1));
        evaluateAt(T0.plus(ofHours(26)));

        assertThat(raised(AlertRule.BACKUP_MISSING)).containsExactly(USER);
        assertThat(changes).filteredOn(c -> c instanceof AlertChange.Raised)
                .extracting(AlertChange::at).containsExactly(T0.plus(ofHours(25)).plusSeconds(1));
    }

    @Test
    void resolvesBackupMissingWhenABackupCompletes() {
        givenEvents(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 1000, T0));
        evaluateAt(T0.plus(ofHours(26)));

        when(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 1000, T0.plus(ofHours(27))));

        assertThat(resolved(AlertRule.BACKUP_MISSING)).containsExactly(USER);
    }

    @Test
    void raisesBackupMissingForASchemaThatNeverHadOneTwentyFiveHoursAfterWatchingStarted() {
        evaluateAt(T0);

        evaluateAt(T0.plus(ofHours(25)));
        evaluateAt(T0.plus(ofHours(25)).plusSeconds(1));

        assertThat(raised(AlertRule.BACKUP_MISSING)).containsExactlyInAnyOrder(USER, EVENT);
        assertThat(state.openAlert(AlertRule.BACKUP_MISSING, USER).orElseThrow().message()).contains("ever");
    }

    @Test
    void raisesSchedulerSilentWhenNoRequestArrivesForTwentyFiveHoursAndResolvesOnTheNextRequest() {
        givenEvents(aRequestOf(DB, "user", UUID.randomUUID(), T0));
        evaluateAt(T0.plus(ofHours(25)).plusSeconds(1));

        when(aRequestOf(DB, "event", UUID.randomUUID(), T0.plus(ofHours(26))));

        assertThat(raised(AlertRule.SCHEDULER_SILENT)).containsExactly(Target.wholeDatabase(DB));
        assertThat(resolved(AlertRule.SCHEDULER_SILENT)).containsExactly(Target.wholeDatabase(DB));
    }

    @Test
    void raisesSizeDropBelowTenPercentOfThePreviousBackupAndResolvesOnALaterNormalOne() {
        givenEvents(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 10_000, T0),
                aCompletedBackupOf(DB, "user", UUID.randomUUID(), 999, T0.plus(ofHours(24))));

        when(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 100, T0.plus(ofHours(48))));

        assertThat(raised(AlertRule.BACKUP_SIZE_DROP)).containsExactly(USER);
        assertThat(resolved(AlertRule.BACKUP_SIZE_DROP)).containsExactly(USER);
    }

    @Test
    void acceptsABackupOfExactlyTenPercentOfThePreviousOne() {
        givenEvents(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 10_000, T0));

        when(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 1_000, T0.plus(ofHours(24))));

        assertThat(raised(AlertRule.BACKUP_SIZE_DROP)).isEmpty();
    }

    @Test
    void ignoresAnOlderBackupArrivingLateForSizeAndDeadMansSwitch() {
        givenEvents(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 10_000, T0.plus(ofHours(24))));

        when(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 10, T0));

        assertThat(raised(AlertRule.BACKUP_SIZE_DROP)).isEmpty();
        assertThat(state.lastBackup(USER).orElseThrow().completedAt()).isEqualTo(T0.plus(ofHours(24)));
    }

    @Test
    void raisesRestoreFailedForFailedAndRejectedRestoresAndResolvesOnACompletedRestore() {
        UUID restoreId = UUID.randomUUID();
        givenEvents(aRestoreCommand(DB, "user", restoreId, RestoreMode.RESTORE, T0),
                aFailedRestoreOf(DB, "user", restoreId, T0.plusSeconds(60)),
                aRejectedRestoreOf(DB, "user", UUID.randomUUID(), T0.plusSeconds(120)));

        when(aCompletedRestoreOf(DB, "user", UUID.randomUUID(), T0.plus(ofHours(1))));

        assertThat(raised(AlertRule.RESTORE_FAILED)).containsExactly(USER);
        assertThat(resolved(AlertRule.RESTORE_FAILED)).containsExactly(USER);
        assertThat(raised(AlertRule.VERIFICATION_FAILED)).isEmpty();
    }

    @Test
    void raisesVerificationFailedForAFailedRestoreInVerifyModeAndResolvesOnAPassedVerification() {
        UUID restoreId = UUID.randomUUID();
        givenEvents(aRestoreCommand(DB, "user", restoreId, RestoreMode.VERIFY, T0),
                aFailedRestoreOf(DB, "user", restoreId, T0.plusSeconds(60)));

        when(aVerificationOf(DB, "user", UUID.randomUUID(), T0.plus(ofHours(1))));

        assertThat(raised(AlertRule.VERIFICATION_FAILED)).containsExactly(USER);
        assertThat(resolved(AlertRule.VERIFICATION_FAILED)).containsExactly(USER);
        assertThat(raised(AlertRule.RESTORE_FAILED)).isEmpty();
    }

    @Test
    void raisesReplicationFailedAndResolvesItOnASuccessfulCopy() {
        BackupCompleted weekly = aCompletedBackupOf(DB, "user", UUID.randomUUID(), 1000, T0, Tier.DAILY, Tier.WEEKLY);
        givenEvents(weekly, aFailedReplicationOf(weekly, T0.plusSeconds(60)));

        when(aReplicationOf(weekly, weekly.objects().get(1), T0.plusSeconds(120)));

        assertThat(raised(AlertRule.REPLICATION_FAILED)).containsExactly(USER);
        assertThat(resolved(AlertRule.REPLICATION_FAILED)).containsExactly(USER);
    }

    @Test
    void raisesReplicationLagForAWeeklyObjectNotCopiedWithinTheDeadlineAndResolvesWhenCopied() {
        BackupCompleted weekly = aCompletedBackupOf(DB, "user", UUID.randomUUID(), 1000, T0, Tier.DAILY, Tier.WEEKLY);
        BackupCompleted daily = aCompletedBackupOf(DB, "event", UUID.randomUUID(), 1000, T0);
        givenEvents(weekly, daily);
        evaluateAt(T0.plus(ofHours(6)));
        evaluateAt(T0.plus(ofHours(6)).plusSeconds(1));

        when(aReplicationOf(weekly, weekly.objects().get(1), T0.plus(ofHours(7))));
        evaluateAt(T0.plus(ofHours(7)));

        assertThat(raised(AlertRule.REPLICATION_LAG)).containsExactly(USER);
        assertThat(resolved(AlertRule.REPLICATION_LAG)).containsExactly(USER);
    }

    @Test
    void raisesRequestUnansweredAfterTheDeadlineAndResolvesWhenTheAnswerComes() {
        UUID requestId = UUID.randomUUID();
        givenEvents(aRequestOf(DB, "user", requestId, T0));
        evaluateAt(T0.plus(ofHours(2)));
        evaluateAt(T0.plus(ofHours(2)).plusSeconds(1));

        when(aFailedBackupOf(DB, "user", requestId, T0.plus(ofHours(3))));
        evaluateAt(T0.plus(ofHours(3)));

        assertThat(raised(AlertRule.REQUEST_UNANSWERED)).containsExactly(USER);
        assertThat(resolved(AlertRule.REQUEST_UNANSWERED)).containsExactly(USER);
    }

    @Test
    void countsAnAnswerThatArrivedBeforeItsRequest() {
        UUID requestId = UUID.randomUUID();
        givenEvents(aCompletedBackupOf(DB, "user", requestId, 1000, T0.plusSeconds(90)),
                aRequestOf(DB, "user", requestId, T0));

        evaluateAt(T0.plus(ofHours(3)));

        assertThat(raised(AlertRule.REQUEST_UNANSWERED)).isEmpty();
    }

    @Test
    void remindsOfAnOpenAlertOncePerReminderInterval() {
        givenEvents(aFailedBackupOf(DB, "user", UUID.randomUUID(), T0));
        evaluateAt(T0.plus(ofMinutes(1)));

        evaluateAt(T0.plus(ofHours(24)));
        evaluateAt(T0.plus(ofHours(30)));
        evaluateAt(T0.plus(ofHours(48)));

        assertThat(changes).filteredOn(c -> c instanceof AlertChange.Reminded && c.alert().rule()
                == AlertRule.BACKUP_FAILED).extracting(AlertChange::at)
                .containsExactly(T0.plus(ofHours(24)), T0.plus(ofHours(48)));
    }

    @Test
    void takesSeverityOverridesFromTheSettings() {
        RuleEngine strict = new RuleEngine(new AlertSettings(ofHours(25), ofHours(25), 0.1, ofHours(2), ofHours(6),
                ofMinutes(5), ofMinutes(5), ofHours(24), Map.of(AlertRule.BACKUP_SIZE_DROP, Severity.CRITICAL)),
                new MonitoredTargets(Map.of()), state, UUID::randomUUID);
        strict.on(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 10_000, T0), T0);

        List<AlertChange> result = strict.on(aCompletedBackupOf(DB, "user", UUID.randomUUID(), 1, T0.plusSeconds(1)),
                T0.plusSeconds(1));

        assertThat(result).singleElement().extracting(c -> c.alert().severity()).isEqualTo(Severity.CRITICAL);
    }

    private void givenNothing() {
    }

    private void givenEvents(Event... events) {
        for (Event event : events) {
            changes.addAll(engine.on(event, event.occurredAt()));
        }
    }

    private void when(Event event) {
        changes.addAll(engine.on(event, event.occurredAt()));
    }

    private void evaluateAt(Instant now) {
        changes.addAll(engine.evaluate(now));
    }

    private List<Target> raised(AlertRule rule) {
        return changes.stream().filter(c -> c instanceof AlertChange.Raised && c.alert().rule() == rule)
                .map(c -> c.alert().target()).toList();
    }

    private List<Target> resolved(AlertRule rule) {
        return changes.stream().filter(c -> c instanceof AlertChange.Resolved && c.alert().rule() == rule)
                .map(c -> c.alert().target()).toList();
    }
}
