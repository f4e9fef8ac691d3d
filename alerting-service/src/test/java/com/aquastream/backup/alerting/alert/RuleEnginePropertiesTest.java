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
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the rule engine over random interleavings of events and passing time. */
class RuleEnginePropertiesTest {

    private static final String DB = "aquastream";
    private static final List<String> SCHEMAS = List.of("user", "event", "media");
    private static final Instant T0 = Instant.parse("2025-08-18T02:00:00Z");
    private static final List<UUID> IDS = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    private static final long[] SIZES = {1, 900, 10_000};

    /** One random step: which kind of event (or an evaluation), about what, and how much time passes first. */
    record Step(int kind, int schema, int id, int minutesLater, int size) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, SCHEMAS.size() - 1), Arbitraries.integers().between(0, IDS.size() - 1),
                Arbitraries.integers().between(0, 30 * 60), Arbitraries.integers().between(0, SIZES.length - 1))
                .as(Step::new);
        return step.list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void neverHoldsTwoOpenAlertsForOneRuleAndTarget(@ForAll("steps") List<Step> steps) {
        Run run = new Run();

        run.play(steps);

        Set<String> open = new HashSet<>();
        for (Alert alert : run.state.openAlerts()) {
            assertThat(open.add(alert.rule() + " " + alert.target())).as("open alerts are unique").isTrue();
        }
    }

    @Property(tries = 300)
    void alternatesRaisedAndResolvedPerRuleAndTarget(@ForAll("steps") List<Step> steps) {
        Run run = new Run();

        run.play(steps);

        Map<String, Boolean> isOpen = new HashMap<>();
        for (AlertChange change : run.changes) {
            String key = change.alert().rule() + " " + change.alert().target();
            boolean wasOpen = isOpen.getOrDefault(key, false);
            if (change instanceof AlertChange.Raised) {
                assertThat(wasOpen).as("raised while open: " + key).isFalse();
                isOpen.put(key, true);
            } else if (change instanceof AlertChange.Resolved) {
                assertThat(wasOpen).as("resolved while not open: " + key).isTrue();
                isOpen.put(key, false);
            } else {
                assertThat(wasOpen).as("reminder of a closed alert: " + key).isTrue();
            }
        }
    }

    @Property(tries = 300)
    void holdsBackupMissingOpenExactlyForWatchedSchemasWithoutABackupInTwentyFiveHours(
            @ForAll("steps") List<Step> steps) {
        Run run = new Run();
        run.play(steps);

        run.changes.addAll(run.engine.evaluate(run.now));

        for (String schema : List.of("user", "event")) {
            Target target = new Target(DB, schema);
            Instant since = run.state.lastBackup(target).map(AlertState.LastBackup::completedAt)
                    .orElseGet(() -> run.state.watchedSince(target, run.now));
            boolean overdue = run.now.isAfter(since.plus(Duration.ofHours(25)));
            assertThat(run.state.openAlert(AlertRule.BACKUP_MISSING, target)).as(schema).matches(
                    open -> open.isPresent() == overdue);
        }
    }

    /** Plays steps against a fresh engine, as the use case would: each event once, idempotent by id. */
    private static final class Run {

        final InMemoryAlertState state = new InMemoryAlertState();
        final RuleEngine engine = new RuleEngine(AlertSettings.defaults(),
                new MonitoredTargets(Map.of(DB, List.of("user", "event"))), state, UUID::randomUUID);
        final List<AlertChange> changes = new ArrayList<>();
        final Map<String, BackupCompleted> lastBackup = new HashMap<>();
        Instant now = T0;

        void play(List<Step> steps) {
            for (Step step : steps) {
                now = now.plus(Duration.ofMinutes(step.minutesLater()));
                Event event = eventOf(step);
                if (event == null) {
                    changes.addAll(engine.evaluate(now));
                } else {
                    if (state.markProcessed(event.eventId(), now)) {
                        changes.addAll(engine.on(event, now));
                    }
                }
            }
        }

        private Event eventOf(Step step) {
            String schema = SCHEMAS.get(step.schema());
            UUID id = IDS.get(step.id());
            BackupCompleted last = lastBackup.get(schema);
            return switch (step.kind()) {
                case 0 -> aRequestOf(DB, schema, id, now);
                case 1, 2 -> {
                    BackupCompleted completed = aCompletedBackupOf(DB, schema, id, SIZES[step.size()], now,
                            step.size() == 0 ? new Tier[] {Tier.DAILY, Tier.WEEKLY} : new Tier[] {Tier.DAILY});
                    lastBackup.put(schema, completed);
                    yield completed;
                }
                case 3 -> aFailedBackupOf(DB, schema, id, now);
                case 4 -> aRestoreCommand(DB, schema, id, step.size() == 0 ? RestoreMode.VERIFY : RestoreMode.RESTORE,
                        now);
                case 5 -> aFailedRestoreOf(DB, schema, id, now);
                case 6 -> aRejectedRestoreOf(DB, schema, id, now);
                case 7 -> step.size() == 0 ? aVerificationOf(DB, schema, id, now) : aCompletedRestoreOf(DB, schema, id,
                        now);
                case 8 -> last == null ? null : aFailedReplicationOf(last, now);
                case 9 -> last == null ? null : aReplicationOf(last, last.objects().get(last.objects().size() - 1), now);
                default -> null; // evaluate
            };
        }
    }
}
