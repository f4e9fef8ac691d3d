package com.aquastream.backup.core.naming;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.events.Tier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;

import static com.aquastream.backup.events.Tier.DAILY;
import static com.aquastream.backup.events.Tier.MANUAL;
import static com.aquastream.backup.events.Tier.MONTHLY;
import static com.aquastream.backup.events.Tier.PRE_RESTORE;
import static com.aquastream.backup.events.Tier.WEEKLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupNamingTest {

    @Test
    void namesDailyBackupsLikeTheManual() {
        String key = BackupNaming.objectKey("app", "user", DAILY, at("2025-08-18T02:00:00Z"), Compression.GZIP);

        assertThat(key).isEqualTo("postgres/app/user_20250818.dump.gz");
    }

    @Test
    void namesWeeklyBackupsLikeTheManual() {
        String key = BackupNaming.objectKey("app", "event", WEEKLY, at("2025-08-17T02:00:00Z"), Compression.GZIP);

        assertThat(key).isEqualTo("postgres/app/weekly_event_2025-33.dump.gz");
    }

    @Test
    void namesMonthlyBackupsLikeTheManual() {
        String key = BackupNaming.objectKey("app", "user", MONTHLY, at("2025-09-01T02:00:00Z"), Compression.GZIP);

        assertThat(key).isEqualTo("postgres/app/monthly_user_2025-09.dump.gz");
    }

    @Test
    void namesManualAndPreRestoreBackupsByTheSecond() {
        Instant at = at("2025-08-18T14:03:07.999Z");

        assertThat(BackupNaming.objectKey("app", "crew", MANUAL, at, Compression.GZIP))
                .isEqualTo("postgres/app/manual_crew_20250818T140307Z.dump.gz");
        assertThat(BackupNaming.objectKey("app", "crew", PRE_RESTORE, at, Compression.GZIP))
                .isEqualTo("postgres/app/manual_crew_20250818T140307Z.dump.gz");
    }

    @Test
    void usesTheZstdExtensionForZstd() {
        assertThat(BackupNaming.objectKey("app", "user", DAILY, at("2025-08-18T02:00:00Z"), Compression.ZSTD))
                .isEqualTo("postgres/app/user_20250818.dump.zst");
    }

    @ParameterizedTest
    @CsvSource({
            "2020-12-31, 2020-53",
            "2021-01-03, 2020-53",
            "2021-01-04, 2021-01",
            "2024-12-30, 2025-01",
            "2026-01-01, 2026-01",
            "2027-01-01, 2026-53",
            "2025-08-17, 2025-33"})
    void usesTheIsoWeekBasedYearAndWeek(LocalDate date, String week) {
        Instant slot = date.atTime(2, 0).toInstant(ZoneOffset.UTC);

        assertThat(BackupNaming.objectKey("app", "user", WEEKLY, slot, Compression.GZIP))
                .isEqualTo("postgres/app/weekly_user_" + week + ".dump.gz");
    }

    @Test
    void usesTheUtcDateOfTheSlot() {
        Instant lateEvening = at("2025-08-18T23:30:00Z");

        assertThat(BackupNaming.objectKey("app", "user", DAILY, lateEvening, Compression.GZIP))
                .isEqualTo("postgres/app/user_20250818.dump.gz");
    }

    @Test
    void rejectsHostileDatabaseAndSchemaNames() {
        Instant slot = at("2025-08-18T02:00:00Z");

        assertThatThrownBy(() -> BackupNaming.objectKey("../etc", "user", DAILY, slot, Compression.GZIP))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("database");
        assertThatThrownBy(() -> BackupNaming.objectKey("app", "user; drop table x", DAILY, slot, Compression.GZIP))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("schema");
        assertThatThrownBy(() -> BackupNaming.redisKey("a/b", slot, Compression.GZIP))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("instance");
    }

    @Test
    void namesRedisSnapshots() {
        Instant at = at("2025-08-18T02:00:05Z");

        assertThat(BackupNaming.redisKey("cache", at, Compression.GZIP)).isEqualTo("redis/cache/dump_20250818T020005Z.rdb.gz");
        assertThat(BackupNaming.redisKey("cache", at, Compression.ZSTD)).isEqualTo("redis/cache/dump_20250818T020005Z.rdb.zst");
    }

    @Test
    void putsTheSidecarBesideTheObject() {
        assertThat(BackupNaming.sidecarKey("postgres/app/user_20250818.dump.gz"))
                .isEqualTo("postgres/app/user_20250818.dump.gz.sha256");
    }

    @ParameterizedTest
    @CsvSource({
            "2025-08-18, DAILY",
            "2025-08-17, DAILY WEEKLY",
            "2025-09-01, DAILY MONTHLY",
            "2024-09-01, DAILY WEEKLY MONTHLY"})
    void schedulesDailyPlusWeeklyOnSundaysPlusMonthlyOnTheFirst(LocalDate date, String tiers) {
        assertThat(BackupNaming.scheduledTiersFor(date))
                .containsExactly(java.util.Arrays.stream(tiers.split(" ")).map(Tier::valueOf).toArray(Tier[]::new));
    }

    @Property
    void alwaysSchedulesDailyAndWeeklyExactlyOnSundaysAndMonthlyExactlyOnTheFirst(@ForAll("dates") LocalDate date) {
        var tiers = BackupNaming.scheduledTiersFor(date);

        assertThat(tiers).startsWith(DAILY).doesNotHaveDuplicates().doesNotContain(MANUAL, PRE_RESTORE);
        assertThat(tiers.contains(WEEKLY)).isEqualTo(date.getDayOfWeek() == DayOfWeek.SUNDAY);
        assertThat(tiers.contains(MONTHLY)).isEqualTo(date.getDayOfMonth() == 1);
    }

    @Property
    void givesEveryDayOfAnIsoWeekTheSameWeeklyKeyAndDifferentWeeksDifferentKeys(@ForAll("dates") LocalDate date) {
        LocalDate monday = date.with(DayOfWeek.MONDAY);
        String weekKey = weekly(monday);

        for (int i = 1; i < 7; i++) {
            assertThat(weekly(monday.plusDays(i))).isEqualTo(weekKey);
        }
        assertThat(weekly(monday.minusDays(1))).isNotEqualTo(weekKey);
        assertThat(weekly(monday.plusDays(7))).isNotEqualTo(weekKey);
        assertThat(weekKey).matches("postgres/app/weekly_user_\\d{4}-(0[1-9]|[1-4]\\d|5[0-3])\\.dump\\.gz");
        assertThat(weekKey).contains(String.format("_%04d-%02d.", date.get(IsoFields.WEEK_BASED_YEAR),
                date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
    }

    @Property
    void producesKeysThatSortChronologicallyWithinATier(@ForAll("dates") LocalDate a, @ForAll("dates") LocalDate b) {
        String keyA = daily(a);
        String keyB = daily(b);

        assertThat(Integer.signum(keyA.compareTo(keyB))).isEqualTo(Integer.signum(a.compareTo(b)));
    }

    @Property
    void producesOnlySafeObjectKeys(@ForAll("dates") LocalDate date, @ForAll Tier tier, @ForAll Compression compression) {
        String key = BackupNaming.objectKey("app", "notification", tier,
                date.atTime(13, 45, 1).toInstant(ZoneOffset.UTC), compression);

        assertThat(com.aquastream.backup.core.store.ObjectKeys.requireSafeKey(key)).isEqualTo(key);
        assertThat(key).startsWith("postgres/app/").endsWith(".dump" + compression.extension());
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.of(1990, 1, 1).toEpochDay(), LocalDate.of(2200, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay)
                .edgeCases(c -> c.add(LocalDate.of(2020, 12, 31), LocalDate.of(2021, 1, 3), LocalDate.of(2024, 12, 30)));
    }

    private static String weekly(LocalDate date) {
        return BackupNaming.objectKey("app", "user", WEEKLY, date.atTime(2, 0).toInstant(ZoneOffset.UTC), Compression.GZIP);
    }

    private static String daily(LocalDate date) {
        return BackupNaming.objectKey("app", "user", DAILY, date.atTime(2, 0).toInstant(ZoneOffset.UTC), Compression.GZIP);
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }
}
