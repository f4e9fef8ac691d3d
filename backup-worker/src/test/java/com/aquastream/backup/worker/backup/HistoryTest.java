package com.aquastream.backup.worker.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class HistoryTest {

    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final String KEY = "postgres/aquastream/monthly_user_2025-08.dump.gz";

    @Property
    void refusesExactlyTheSlotsBeyondTheSkewAheadOfTheClock(
            @ForAll @LongRange(min = -5L * 365 * 86_400, max = 5L * 365 * 86_400) long secondsFromNow) {
        Instant slot = NOW.plusSeconds(secondsFromNow);

        boolean refused = History.futureSlot(slot, NOW, SKEW).isPresent();

        assertThat(refused).isEqualTo(secondsFromNow > SKEW.toSeconds());
    }

    @Property
    void letsAReplacementThroughOnlyForALaterSlot(
            @ForAll @LongRange(min = -40L * 86_400, max = 40L * 86_400) long slotAfterHeldSeconds) {
        Instant heldSlot = Instant.parse("2025-08-01T02:00:00Z");
        Instant slot = heldSlot.plusSeconds(slotAfterHeldSeconds);

        boolean refused = History.replacing(KEY, slot, heldSlot).isPresent();

        assertThat(refused).isEqualTo(slotAfterHeldSeconds <= 0);
    }

    @Property
    void namesTheKeyAndHistoryInEveryRefusal(@ForAll @LongRange(min = -86_400, max = 0) long slotAfterHeldSeconds) {
        Instant heldSlot = Instant.parse("2025-08-01T02:00:00Z");

        String reason = History.replacing(KEY, heldSlot.plusSeconds(slotAfterHeldSeconds), heldSlot).orElseThrow();

        assertThat(reason).startsWith("refusing to rewrite history: " + KEY);
    }

    @Property
    void takesTheRecordedSlotElseTheStartOfAnOlderManifest(
            @ForAll @LongRange(min = 0, max = 86_400) long startedAfterSlotSeconds, @ForAll boolean recorded) {
        Instant slot = Instant.parse("2025-08-01T02:00:00Z");
        Instant started = slot.plusSeconds(startedAfterSlotSeconds);
        BackupCompleted stored = new BackupCompleted(UUID.randomUUID(), started, "aquastream", "user",
                UUID.randomUUID(), UUID.randomUUID(), List.of(Tier.MONTHLY), List.of(), "filesystem", 1, "ab", "gzip",
                "pg_dump-custom", started, started, "16", "pg_dump", Map.of(), recorded ? slot : null);

        assertThat(History.slotOf(stored)).isEqualTo(recorded ? slot : started);
    }

    @Property
    void findsALaterCopyOnlyAmongLaterPeriodsOfTheSameSeries(
            @ForAll @IntRange(min = 1, max = 12) int month, @ForAll @IntRange(min = 1, max = 12) int otherMonth,
            @ForAll boolean otherSchema, @ForAll boolean weeklyOther) {
        String key = "postgres/aquastream/monthly_user_2025-%02d.dump.gz".formatted(month);
        String other = "postgres/aquastream/%s_%s_2025-%02d.dump.zst".formatted(weeklyOther ? "weekly" : "monthly",
                otherSchema ? "user_archive" : "user", otherMonth);

        boolean later = History.laterCopyOf(key, List.of(key, other, "postgres/aquastream/user_20991231.dump.gz"))
                .isPresent();

        assertThat(later).isEqualTo(!otherSchema && !weeklyOther && otherMonth > month);
    }

    @Property(tries = 10)
    void refusesToReplaceABackupWhoseSlotIsUnknown(@ForAll boolean unused) {
        assertThat(History.replacing(KEY, NOW, null)).isPresent();
    }
}
