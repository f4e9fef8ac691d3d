package com.aquastream.backup.alerting.alert;

import static com.aquastream.backup.alerting.alert.AlertingFixtures.aCompletedBaseBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedBaseBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aHealthyWalStatusOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aWalStatusOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.anArchivedSegmentOf;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.WalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rules about a cluster's WAL archiving and base backups, fed by the wal-archiver's events. */
class RuleEngineWalTest {

    private static final String CLUSTER = "main";
    private static final Target MAIN = new Target(CLUSTER, WalEvent.CLUSTER_SCHEMA);
    private static final Instant T0 = Instant.parse("2025-08-18T02:00:00Z");

    private final InMemoryAlertState state = new InMemoryAlertState();
    private final RuleEngine engine = new RuleEngine(AlertSettings.defaults(), new MonitoredTargets(Map.of()), state,
            UUID::randomUUID);
    private final List<AlertChange> changes = new ArrayList<>();

    @Test
    void raisesArchiveLagOnceAboveFiveMinutesAndResolvesItWhenTheArchiveCatchesUp() {
        givenEvents(aHealthyWalStatusOf(CLUSTER, T0), aWalStatusOf(CLUSTER, T0.plusSeconds(30), true, 300L, List.of()));

        when(aWalStatusOf(CLUSTER, T0.plusSeconds(60), true, 301L, List.of()));
        when(aWalStatusOf(CLUSTER, T0.plusSeconds(90), true, 331L, List.of()));
        when(aWalStatusOf(CLUSTER, T0.plusSeconds(120), true, 0L, List.of()));

        assertThat(raised(AlertRule.WAL_ARCHIVE_LAG)).containsExactly(MAIN);
        assertThat(resolved(AlertRule.WAL_ARCHIVE_LAG)).containsExactly(MAIN);
        assertThat(messageOfRaised(AlertRule.WAL_ARCHIVE_LAG)).contains("301 s behind").contains("threshold 300 s");
    }

    @Test
    void leavesTheLagAlertAsItIsWhileTheLagIsUnknown() {
        givenEvents(aWalStatusOf(CLUSTER, T0, true, 600L, List.of()));

        when(aWalStatusOf(CLUSTER, T0.plusSeconds(30), true, null, List.of()));

        assertThat(raised(AlertRule.WAL_ARCHIVE_LAG)).containsExactly(MAIN);
        assertThat(resolved(AlertRule.WAL_ARCHIVE_LAG)).isEmpty();
    }

    @Test
    void raisesReceiverDownWithTheReasonAndResolvesItWhenPgReceivewalRunsAgain() {
        givenEvents(aHealthyWalStatusOf(CLUSTER, T0));

        when(aWalStatusOf(CLUSTER, T0.plusSeconds(30), false, 0L, List.of()));
        when(aWalStatusOf(CLUSTER, T0.plusSeconds(60), false, 0L, List.of()));
        when(aHealthyWalStatusOf(CLUSTER, T0.plusSeconds(90)));

        assertThat(raised(AlertRule.WAL_RECEIVER_DOWN)).containsExactly(MAIN);
        assertThat(resolved(AlertRule.WAL_RECEIVER_DOWN)).containsExactly(MAIN);
        assertThat(messageOfRaised(AlertRule.WAL_RECEIVER_DOWN)).contains("could not connect");
    }

    @Test
    void raisesChainGapNamingTheFirstMissingSegmentAndTheCountAndResolvesItOnAWholeChain() {
        givenEvents(aHealthyWalStatusOf(CLUSTER, T0));

        when(aWalStatusOf(CLUSTER, T0.plusSeconds(30), true, 0L,
                List.of("000000010000000000000007", "000000010000000000000009")));
        when(aWalStatusOf(CLUSTER, T0.plusSeconds(60), true, 0L, List.of("000000010000000000000007")));
        when(aHealthyWalStatusOf(CLUSTER, T0.plusSeconds(90)));

        assertThat(raised(AlertRule.WAL_CHAIN_GAP)).containsExactly(MAIN);
        assertThat(resolved(AlertRule.WAL_CHAIN_GAP)).containsExactly(MAIN);
        assertThat(messageOfRaised(AlertRule.WAL_CHAIN_GAP)).startsWith("2 WAL segment(s) missing")
                .contains("the first 000000010000000000000007");
    }

    @Test
    void saysAtLeastAHundredWhenTheArchiverNamesAsManyAsItReports() {
        List<String> hundred = IntStream.range(0, 100).mapToObj(n -> String.format("0000000100000000%08X", n))
                .toList();

        when(aWalStatusOf(CLUSTER, T0, true, 0L, hundred));

        assertThat(messageOfRaised(AlertRule.WAL_CHAIN_GAP)).startsWith("at least 100 WAL segment(s) missing");
    }

    @Test
    void keepsTheChainGapOpenWhileTheArchiverHasNotCheckedTheChainYet() {
        givenEvents(aWalStatusOf(CLUSTER, T0, true, 0L, List.of("000000010000000000000007")));

        when(aWalStatusOf(CLUSTER, T0.plusSeconds(30), true, 0L, null));

        assertThat(resolved(AlertRule.WAL_CHAIN_GAP)).isEmpty();
        assertThat(state.openAlert(AlertRule.WAL_CHAIN_GAP, MAIN)).isPresent();
    }

    @Test
    void ignoresAHeartbeatOlderThanTheNewestSeen() {
        givenEvents(aWalStatusOf(CLUSTER, T0.plusSeconds(60), true, 0L, List.of()));

        when(aWalStatusOf(CLUSTER, T0, false, 900L, List.of("000000010000000000000007")));

        assertThat(changes).isEmpty();
        assertThat(state.lastWalStatus(CLUSTER)).contains(T0.plusSeconds(60));
    }

    @Test
    void raisesStatusMissingOnlyAfterFiveMinutesWithoutAHeartbeatAndResolvesItOnTheNextOne() {
        givenEvents(aHealthyWalStatusOf(CLUSTER, T0));

        evaluateAt(T0.plus(ofMinutes(5)));
        evaluateAt(T0.plus(ofMinutes(5)).plusSeconds(1));
        evaluateAt(T0.plus(ofMinutes(6)));
        when(aHealthyWalStatusOf(CLUSTER, T0.plus(ofMinutes(7))));
        evaluateAt(T0.plus(ofMinutes(7)).plusSeconds(1));

        assertThat(raised(AlertRule.WAL_STATUS_MISSING)).containsExactly(MAIN);
        assertThat(resolved(AlertRule.WAL_STATUS_MISSING)).containsExactly(MAIN);
        assertThat(changes).filteredOn(c -> c instanceof AlertChange.Raised).extracting(AlertChange::at)
                .containsExactly(T0.plus(ofMinutes(5)).plusSeconds(1));
    }

    @Test
    void expectsHeartbeatsFromAClusterHeardOfOnlyThroughAnotherEvent() {
        givenEvents(anArchivedSegmentOf(CLUSTER, T0));

        evaluateAt(T0.plus(ofMinutes(4)));
        evaluateAt(T0.plus(ofMinutes(5)).plus(ofSeconds(1)));

        assertThat(raised(AlertRule.WAL_STATUS_MISSING)).containsExactly(MAIN);
        assertThat(messageOfRaised(AlertRule.WAL_STATUS_MISSING)).contains("is the wal-archiver running?");
    }

    @Test
    void expectsNothingFromAClusterNeverHeardOfAndLetsGoOfOneNoLongerWatched() {
        evaluateAt(T0.plus(ofMinutes(60)));
        givenEvents(aHealthyWalStatusOf(CLUSTER, T0));
        evaluateAt(T0.plus(ofMinutes(10)));

        state.forgetWalCluster(CLUSTER);
        evaluateAt(T0.plus(ofMinutes(11)));

        assertThat(raised(AlertRule.WAL_STATUS_MISSING)).containsExactly(MAIN);
        assertThat(resolved(AlertRule.WAL_STATUS_MISSING)).containsExactly(MAIN);
    }

    @Test
    void raisesBaseBackupFailedOnceAndResolvesItOnTheNextCompletedBaseBackup() {
        givenEvents(aFailedBaseBackupOf(CLUSTER, T0), aFailedBaseBackupOf(CLUSTER, T0.plusSeconds(60)));

        when(aCompletedBaseBackupOf(CLUSTER, T0.plus(ofMinutes(30))));

        assertThat(raised(AlertRule.BASEBACKUP_FAILED)).containsExactly(MAIN);
        assertThat(resolved(AlertRule.BASEBACKUP_FAILED)).containsExactly(MAIN);
        assertThat(messageOfRaised(AlertRule.BASEBACKUP_FAILED)).contains("after 3 attempt(s)");
    }

    @Test
    void keepsTheAlertsOfOneClusterApartFromAnother() {
        givenEvents(aWalStatusOf(CLUSTER, T0, false, 900L, List.of("000000010000000000000007")));

        when(aHealthyWalStatusOf("replica", T0.plusSeconds(30)));

        assertThat(resolved(AlertRule.WAL_CHAIN_GAP)).isEmpty();
        assertThat(state.openAlerts()).extracting(Alert::rule).containsExactlyInAnyOrder(AlertRule.WAL_ARCHIVE_LAG,
                AlertRule.WAL_RECEIVER_DOWN, AlertRule.WAL_CHAIN_GAP);
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

    private String messageOfRaised(AlertRule rule) {
        return changes.stream().filter(c -> c instanceof AlertChange.Raised && c.alert().rule() == rule)
                .map(c -> c.alert().message()).findFirst().orElseThrow();
    }
}
