package com.aquastream.backup.catalog.retention;

import static com.aquastream.backup.catalog.retention.Histories.Outcome.COMPLETED;
import static com.aquastream.backup.catalog.retention.Histories.Outcome.FAILED;
import static com.aquastream.backup.catalog.retention.Histories.Outcome.MISSING;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.retention.Histories.Day;
import com.aquastream.backup.catalog.retention.Histories.Outcome;
import com.aquastream.backup.catalog.retention.RetentionPlan.ObjectDecision;
import com.aquastream.backup.events.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2025-09-01T12:00:00Z");

    private final RetentionPolicy policy = new RetentionPolicy(RetentionSettings.manualDefaults());

    @Test
    void keepsTheManualsSevenDailiesFourWeekliesAndThreeMonthliesAfterFourMonthsOfDailyBackups() {
        List<Backup> history = Histories.of(days(COMPLETED, 120));

        RetentionPlan plan = policy.plan(Histories.SCHEMA, history, NOW);

        assertThat(keptNames(plan, Tier.DAILY)).hasSize(7).last().isEqualTo("user_20250828.dump.gz");
        assertThat(keptNames(plan, Tier.WEEKLY)).containsExactlyInAnyOrder("weekly_user_2025-35.dump.gz",
                "weekly_user_2025-34.dump.gz", "weekly_user_2025-33.dump.gz", "weekly_user_2025-32.dump.gz");
        assertThat(keptNames(plan, Tier.MONTHLY)).containsExactlyInAnyOrder("monthly_user_2025-08.dump.gz",
                "monthly_user_2025-07.dump.gz", "monthly_user_2025-06.dump.gz");
        assertThat(plan.expiredObjects()).isNotEmpty().allSatisfy(o -> assertThat(o.reason()).startsWith("beyond"));
    }

    @Test
    void keepsEveryDailyOfTheLastSuccessesAfterDaysOfFailuresInsteadOfDeletingByAge() {
        List<Day> days = new ArrayList<>(days(COMPLETED, 10));
        days.addAll(days(MISSING, 30));
        days.addAll(days(COMPLETED, 1));

        RetentionPlan plan = policy.plan(Histories.SCHEMA, Histories.of(days), NOW);

        assertThat(keptNames(plan, Tier.DAILY)).hasSize(7);
        assertThat(keptNames(plan, Tier.DAILY)).contains("user_20250505.dump.gz", "user_20250610.dump.gz");
    }

    @Test
    void expiresNothingWhileTheLatestBackupFailed() {
        List<Day> days = new ArrayList<>(days(COMPLETED, 30));
        days.add(new Day(FAILED, false, false));

        RetentionPlan plan = policy.plan(Histories.SCHEMA, Histories.of(days), NOW);

        assertThat(plan.paused()).isTrue();
        assertThat(plan.expiredObjects()).isEmpty();
        assertThat(plan.expiredBackups()).isEmpty();
        assertThat(plan.objects()).allSatisfy(o -> assertThat(o.reason()).contains("latest backup").contains("failed"));
    }

    @Test
    void keepsAPinnedBackupForeverWithoutCountingIt() {
        List<Day> days = new ArrayList<>();
        days.add(new Day(COMPLETED, true, false));
        days.addAll(days(COMPLETED, 60));

        RetentionPlan plan = policy.plan(Histories.SCHEMA, Histories.of(days), NOW);

        assertThat(keptNames(plan, Tier.DAILY)).hasSize(8).contains("user_20250501.dump.gz");
        assertThat(plan.keptObjects()).filteredOn(o -> o.key().endsWith("user_20250501.dump.gz"))
                .singleElement().extracting(ObjectDecision::reason).asString().startsWith("pinned");
    }

    @Test
    void expiresABackupOnlyWhenNoneOfItsObjectsIsKept() {
        List<Backup> history = Histories.of(days(COMPLETED, 40));

        RetentionPlan plan = policy.plan(Histories.SCHEMA, history, NOW);

        // The 1st of May still holds the monthly copy of May: it stays, its daily key goes.
        Backup firstOfMay = history.get(0);
        assertThat(plan.backups()).filteredOn(b -> b.backupId().equals(firstOfMay.backupId())).singleElement()
                .satisfies(b -> assertThat(b.verdict()).isEqualTo(Verdict.KEEP));
        assertThat(plan.expiredObjects()).extracting(ObjectDecision::key)
                .contains("postgres/aquastream/user_20250501.dump.gz");
        assertThat(plan.expiredBackups()).isNotEmpty()
                .allSatisfy(b -> assertThat(b.reason()).isEqualTo("every object is beyond retention"));
    }

    @Test
    void honoursPerSchemaCounts() {
        RetentionPolicy longer = new RetentionPolicy(new RetentionSettings(Keep.DEFAULT,
                Map.of(Histories.SCHEMA, new Keep(14, 4, 3, 10, 5))));

        RetentionPlan plan = longer.plan(Histories.SCHEMA, Histories.of(days(COMPLETED, 30)), NOW);

        assertThat(keptNames(plan, Tier.DAILY)).hasSize(14);
    }

    @Test
    void decidesTheSameWhateverTheTimeIsBecauseItNeverLooksAtAge() {
        List<Backup> history = Histories.of(days(COMPLETED, 50));

        RetentionPlan today = policy.plan(Histories.SCHEMA, history, NOW);
        RetentionPlan inAYear = policy.plan(Histories.SCHEMA, history, NOW.plusSeconds(365L * 86_400));

        assertThat(inAYear.objects()).isEqualTo(today.objects());
    }

    private static List<Day> days(Outcome outcome, int count) {
        return Collections.nCopies(count, new Day(outcome, false, false));
    }

    private static List<String> keptNames(RetentionPlan plan, Tier tier) {
        return plan.keptObjects().stream().filter(o -> o.tier() == tier)
                .map(o -> o.key().substring(o.key().lastIndexOf('/') + 1)).sorted().toList();
    }
}
