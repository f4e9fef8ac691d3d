package com.aquastream.backup.catalog.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.CatalogObject;
import com.aquastream.backup.catalog.backups.ObjectStatus;
import com.aquastream.backup.catalog.retention.Histories.Day;
import com.aquastream.backup.catalog.retention.Histories.Outcome;
import com.aquastream.backup.catalog.retention.RetentionPlan.ObjectDecision;
import com.aquastream.backup.events.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Retention against an independent reference model, over random histories with gaps, failures, pins and manual backups. */
class RetentionPolicyPropertiesTest {

    private static final Instant NOW = Instant.parse("2025-12-01T00:00:00Z");
    private static final Keep KEEP = Keep.DEFAULT;
    private static final Set<Tier> SCHEDULED = EnumSet.of(Tier.DAILY, Tier.WEEKLY, Tier.MONTHLY);

    private final RetentionPolicy policy = new RetentionPolicy(RetentionSettings.manualDefaults());

    @Property(tries = 300)
    void expiresExactlyWhatTheReferenceModelExpires(@ForAll("histories") List<Backup> history) {
        RetentionPlan plan = policy.plan(Histories.SCHEMA, history, NOW);

        Set<String> expired = plan.expiredObjects().stream().map(ObjectDecision::key).collect(Collectors.toSet());
        assertThat(expired).isEqualTo(RetentionReferenceModel.expiredKeys(history, KEEP));
    }

    @Property(tries = 300)
    void neverKeepsMoreThanSevenFourAndThreeBeyondPins(@ForAll("histories") List<Backup> history) {
        RetentionPlan plan = policy.plan(Histories.SCHEMA, history, NOW);

        if (!plan.paused()) {
            List<ObjectDecision> counted = keptAndCounted(plan, history);
            for (Tier tier : Tier.values()) {
                assertThat(counted.stream().filter(o -> o.tier() == tier)).hasSizeLessThanOrEqualTo(KEEP.of(tier));
            }
            assertThat(counted.stream().filter(o -> SCHEDULED.contains(o.tier()))).hasSizeLessThanOrEqualTo(7 + 4 + 3);
        }
    }

    @Property(tries = 300)
    void neverKeepsFewerThanAreAvailable(@ForAll("histories") List<Backup> history) {
        RetentionPlan plan = policy.plan(Histories.SCHEMA, history, NOW);

        List<ObjectDecision> counted = keptAndCounted(plan, history);
        for (Tier tier : Tier.values()) {
            long available = history.stream().flatMap(b -> b.objects().stream()
                    .filter(o -> o.tier() == tier && RetentionReferenceModel.eligible(b, o))).count();
            assertThat(counted.stream().filter(o -> o.tier() == tier))
                    .hasSizeGreaterThanOrEqualTo((int) Math.min(KEEP.of(tier), available));
        }
    }

    @Property(tries = 300)
    void keepsEveryPinnedBackupAndItsObjects(@ForAll("histories") List<Backup> history) {
        RetentionPlan plan = policy.plan(Histories.SCHEMA, history, NOW);

        Set<java.util.UUID> pinned = history.stream().filter(Backup::pinned).map(Backup::backupId)
                .collect(Collectors.toSet());
        assertThat(plan.expiredObjects()).noneMatch(o -> pinned.contains(o.backupId()));
        assertThat(plan.expiredBackups()).noneMatch(b -> pinned.contains(b.backupId()));
    }

    @Property(tries = 300)
    void expiresNothingWhileTheLatestBackupFailed(@ForAll("historiesEndingInFailure") List<Backup> history) {
        RetentionPlan plan = policy.plan(Histories.SCHEMA, history, NOW);

        assertThat(plan.paused()).isTrue();
        assertThat(plan.expiredObjects()).isEmpty();
        assertThat(plan.expiredBackups()).isEmpty();
    }

    @Property(tries = 300)
    void givesEveryObjectAndEveryBackupExactlyOneReasonedDecision(@ForAll("histories") List<Backup> history) {
        RetentionPlan plan = policy.plan(Histories.SCHEMA, history, NOW);

        List<String> keys = history.stream().flatMap(b -> b.activeObjects().stream()).map(CatalogObject::key)
                .toList();
        assertThat(plan.objects()).extracting(ObjectDecision::key).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(plan.backups()).hasSize(history.size());
        assertThat(plan.objects()).allSatisfy(o -> assertThat(o.reason()).isNotBlank());
        assertThat(plan.backups()).allSatisfy(b -> assertThat(b.reason()).isNotBlank());
    }

    @Property(tries = 200)
    void expiresNothingMoreWhenAppliedTwice(@ForAll("histories") List<Backup> history) {
        RetentionPlan first = policy.plan(Histories.SCHEMA, history, NOW);

        RetentionPlan second = policy.plan(Histories.SCHEMA, applied(history, first), NOW);

        assertThat(second.expiredObjects()).isEmpty();
        assertThat(second.expiredBackups()).isEmpty();
    }

    @Provide
    Arbitrary<List<Backup>> histories() {
        return days().list().ofMinSize(0).ofMaxSize(150).map(Histories::of);
    }

    @Provide
    Arbitrary<List<Backup>> historiesEndingInFailure() {
        return days().list().ofMinSize(0).ofMaxSize(150).map(days -> {
            List<Day> withFailure = new ArrayList<>(days);
            withFailure.add(new Day(Outcome.FAILED, false, false));
            return Histories.of(withFailure);
        });
    }

    private static Arbitrary<Day> days() {
        Arbitrary<Outcome> outcome = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(14, Arbitraries.just(Outcome.COMPLETED)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Outcome.FAILED)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Outcome.MISSING)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Outcome.CORRUPT)));
        return Combinators.combine(outcome, Arbitraries.integers().between(1, 15).map(n -> n == 1),
                Arbitraries.integers().between(1, 10).map(n -> n == 1)).as(Day::new);
    }

    /** Objects kept that count against N: not pinned, not corrupt. */
    private static List<ObjectDecision> keptAndCounted(RetentionPlan plan, List<Backup> history) {
        Set<java.util.UUID> counted = history.stream()
                .filter(b -> b.status() == BackupStatus.COMPLETED && !b.pinned())
                .map(Backup::backupId).collect(Collectors.toSet());
        return plan.keptObjects().stream().filter(o -> counted.contains(o.backupId())).toList();
    }

    /** The history as the catalog holds it after the plan was applied. */
    private static List<Backup> applied(List<Backup> history, RetentionPlan plan) {
        Set<String> expiredKeys = plan.expiredObjects().stream().map(ObjectDecision::key).collect(Collectors.toSet());
        Set<java.util.UUID> expiredBackups = plan.expiredBackups().stream().map(RetentionPlan.BackupDecision::backupId)
                .collect(Collectors.toSet());
        return history.stream().map(b -> {
            Backup withObjects = b.withObjects(b.objects().stream()
                    .map(o -> expiredKeys.contains(o.key()) ? new CatalogObject(o.key(), o.tier(), ObjectStatus.EXPIRED)
                            : o)
                    .toList());
            return expiredBackups.contains(b.backupId()) ? withObjects.withStatus(BackupStatus.EXPIRED) : withObjects;
        }).toList();
    }
}
