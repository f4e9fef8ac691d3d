package com.aquastream.backup.catalog.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupIds;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.CatalogObject;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.retention.RetentionPlan.ObjectDecision;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.events.Tier;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Retention of Redis snapshots (database {@code redis}): hourly snapshots kept by their own counts, the newest of the
 * newest days and weeks on top, count-based like the PostgreSQL policy and leaving PostgreSQL's counts alone.
 */
class RedisRetentionTest {

    static final SchemaRef CACHE = new SchemaRef("redis", "cache");
    /** A Tuesday: three days stay inside one ISO week. */
    static final Instant FIRST_HOUR = Instant.parse("2025-06-03T00:00:00Z");
    private static final Instant NOW = Instant.parse("2025-07-01T00:00:00Z");

    private final RetentionPolicy defaults = new RetentionPolicy(RetentionSettings.manualDefaults());

    @Test
    void keepsTheNewestDayOfHourlySnapshotsAndTheLastSnapshotOfEachEarlierDay() {
        List<Backup> history = hourly(72);

        RetentionPlan plan = defaults.plan(CACHE, history, NOW);

        Set<String> kept = keys(plan.keptObjects());
        assertThat(kept).hasSize(26);
        assertThat(kept).contains(key(FIRST_HOUR.plus(Duration.ofHours(23))),
                key(FIRST_HOUR.plus(Duration.ofHours(47))), key(FIRST_HOUR.plus(Duration.ofHours(71))),
                key(FIRST_HOUR.plus(Duration.ofHours(48))));
        assertThat(kept).doesNotContain(key(FIRST_HOUR.plus(Duration.ofHours(47 - 1))));
        assertThat(plan.expiredObjects()).hasSize(46)
                .allSatisfy(o -> assertThat(o.reason()).startsWith("beyond the newest 24 snapshots"));
    }

    @Test
    void keepsTheNewestSnapshotOfEachOfTheNewestWeeksBeyondTheDailies() {
        List<Backup> history = new ArrayList<>();
        for (int day = 0; day < 60; day++) {
            history.add(snapshot(FIRST_HOUR.plus(Duration.ofDays(day)).plus(Duration.ofHours(12)), Tier.DAILY));
        }

        RetentionPlan plan = defaults.plan(CACHE, history, NOW);

        // One snapshot a day: the newest 24 already hold the newest of the 7 newest days and of the 4 newest weeks.
        assertThat(plan.keptObjects()).hasSize(24);
        RetentionPlan fewer = new RetentionPolicy(new RetentionSettings(Keep.DEFAULT, Map.of(),
                new RedisKeep(2, 3, 4, 10, 5))).plan(CACHE, history, NOW);
        Set<String> keptDays = keys(fewer.keptObjects()).stream().map(k -> k.substring(k.indexOf("dump_") + 5,
                k.indexOf("dump_") + 13)).collect(Collectors.toCollection(TreeSet::new));
        // newest 2 (Aug 1, Jul 31), days: Jul 30; weeks: the Sundays ending the 3 weeks before Jul 28-Aug 1.
        assertThat(keptDays).containsExactly("20250713", "20250720", "20250727", "20250730", "20250731",
                "20250801");
    }

    @Test
    void countsManualSnapshotsOnTheirOwnAndNeverLetsHourliesPushThemOut() {
        List<Backup> history = new ArrayList<>(hourly(30));
        history.add(snapshot(FIRST_HOUR.plus(Duration.ofMinutes(30)), Tier.MANUAL));

        RetentionPlan plan = defaults.plan(CACHE, history, NOW);

        assertThat(plan.keptObjects()).filteredOn(o -> o.tier() == Tier.MANUAL).hasSize(1);
    }

    @Test
    void leavesThePostgresCountsAsTheyAreWhenRedisHasItsOwn() {
        RetentionSettings settings = new RetentionSettings(Keep.DEFAULT, Map.of(), new RedisKeep(1, 0, 0, 1, 1));

        assertThat(settings.keepFor(new SchemaRef("aquastream", "user"))).isEqualTo(Keep.DEFAULT);
        assertThat(new RetentionPolicy(settings).plan(CACHE, hourly(5), NOW).keptObjects()).hasSize(1);
    }

    @Test
    void expiresNothingWhileTheLatestSnapshotFailed() {
        List<Backup> history = new ArrayList<>(hourly(40));
        history.add(failed(FIRST_HOUR.plus(Duration.ofHours(40))));

        RetentionPlan plan = defaults.plan(CACHE, history, NOW);

        assertThat(plan.paused()).isTrue();
        assertThat(plan.expiredObjects()).isEmpty();
    }

    /**
     * Over random gaps and counts, exactly these stay: the newest {@code hourly}, and the newest snapshot of each of
     * the newest {@code daily} days and {@code weekly} weeks (a reference model written from the definition).
     */
    @Property(tries = 200)
    void keepsExactlyTheReferenceModelsSnapshots(@ForAll("gappyHours") List<Integer> hours,
                                                 @ForAll @IntRange(min = 1, max = 30) int hourly,
                                                 @ForAll @IntRange(min = 0, max = 10) int daily,
                                                 @ForAll @IntRange(min = 0, max = 6) int weekly) {
        List<Backup> history = hours.stream().map(h -> snapshot(FIRST_HOUR.plus(Duration.ofHours(h)), Tier.DAILY))
                .toList();
        RedisKeep keep = new RedisKeep(hourly, daily, weekly, 10, 5);

        RetentionPlan plan = new RetentionPolicy(new RetentionSettings(Keep.DEFAULT, Map.of(), keep))
                .plan(CACHE, history, NOW);

        assertThat(keys(plan.keptObjects())).isEqualTo(referenceKept(hours, keep));
        assertThat(plan.keptObjects().size()).isLessThanOrEqualTo(hourly + daily + weekly)
                .isGreaterThanOrEqualTo(Math.min(hours.size(), hourly));
        List<Backup> after = history.stream().map(b -> b.withObjects(b.objects().stream()
                .filter(o -> keys(plan.keptObjects()).contains(o.key())).toList())).toList();
        assertThat(new RetentionPolicy(new RetentionSettings(Keep.DEFAULT, Map.of(), keep)).plan(CACHE, after, NOW)
                .expiredObjects()).as("applying the plan again expires nothing more").isEmpty();
    }

    @Provide
    Arbitrary<List<Integer>> gappyHours() {
        // Up to ~40 days of hours, each present with a random density: gaps of hours and of whole days.
        return Arbitraries.integers().between(0, 24 * 40).set().ofMinSize(0).ofMaxSize(300)
                .map(set -> set.stream().sorted().toList());
    }

    private static Set<String> referenceKept(List<Integer> hours, RedisKeep keep) {
        List<Integer> newestFirst = new ArrayList<>(hours);
        newestFirst.sort((a, b) -> b - a);
        Set<Integer> kept = new HashSet<>(newestFirst.subList(0, Math.min(keep.hourly(), newestFirst.size())));
        Map<Long, Integer> newestOfDay = new LinkedHashMap<>();
        Map<String, Integer> newestOfWeek = new LinkedHashMap<>();
        for (int h : newestFirst) {
            Instant at = FIRST_HOUR.plus(Duration.ofHours(h));
            newestOfDay.putIfAbsent(at.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay(), h);
            var date = at.atZone(ZoneOffset.UTC).toLocalDate();
            newestOfWeek.putIfAbsent(date.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR) + "-"
                    + date.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR), h);
        }
        newestOfDay.values().stream().limit(keep.daily()).forEach(kept::add);
        newestOfWeek.values().stream().limit(keep.weekly()).forEach(kept::add);
        return kept.stream().map(h -> key(FIRST_HOUR.plus(Duration.ofHours(h)))).collect(Collectors.toSet());
    }

    static List<Backup> hourly(int count) {
        List<Backup> history = new ArrayList<>();
        for (int h = 0; h < count; h++) {
            history.add(snapshot(FIRST_HOUR.plus(Duration.ofHours(h)), Tier.DAILY));
        }
        return history;
    }

    static Backup snapshot(Instant at, Tier tier) {
        UUID requestId = BackupIds.scheduledRequest(CACHE, at);
        return new Backup(BackupIds.backupOf(requestId), requestId, CACHE.database(), CACHE.schema(), List.of(tier),
                BackupStatus.COMPLETED, false, at, at.plusSeconds(1), at.plusSeconds(10), 4096L, null, null, null,
                null, null, null, null, null, null, null, null, null, null,
                List.of(CatalogObject.active(tier, key(at))));
    }

    private static Backup failed(Instant at) {
        UUID requestId = BackupIds.scheduledRequest(CACHE, at);
        return new Backup(BackupIds.backupOf(requestId), requestId, CACHE.database(), CACHE.schema(),
                List.of(Tier.DAILY), BackupStatus.FAILED, false, at, null, at.plusSeconds(60), null, null, null, null,
                null, null, null, null, "connection refused", 3, null, null, null, null, List.of());
    }

    static String key(Instant at) {
        return BackupNaming.redisKey(CACHE.schema(), at, Compression.GZIP);
    }

    private static Set<String> keys(List<ObjectDecision> decisions) {
        return decisions.stream().map(ObjectDecision::key).collect(Collectors.toSet());
    }
}
