package com.aquastream.backup.core.wal;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.compress.Compression;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** What retention keeps: every moment of the window recoverable, the newest base backup always, nothing past the cut. */
class WalRetentionTest {

    private static final long MIB = 1L << 20;
    private static final String CLUSTER = "main";
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void keepsTheBackupsOfTheWindowAndTheNewestBeforeItAndTheWalFromItsStart() {
        BaseBackupResult old = aBackup(1, 3, NOW.minus(Duration.ofDays(20)));
        BaseBackupResult beforeWindow = aBackup(1, 10, NOW.minus(Duration.ofDays(9)));
        BaseBackupResult inWindow = aBackup(1, 20, NOW.minus(Duration.ofDays(2)));
        List<String> wal = walKeys(1, 2, 25);

        WalRetention.Plan plan = plan(List.of(old, beforeWindow, inWindow), wal);

        assertThat(plan.kept()).containsExactly(beforeWindow, inWindow);
        assertThat(plan.deleted()).containsExactly(old);
        assertThat(plan.keepFrom()).contains(segment(1, 10));
        String folder = BaseBackupKeys.folderOf(old.key());
        assertThat(plan.deletions().subList(0, 3)).containsExactly(BaseBackupKeys.infoKey(folder), old.key(),
                BaseBackupKeys.sidecarKey(old.key()));
        assertThat(plan.deletions().subList(3, plan.deletions().size())).containsExactly(
                segmentKey(1, 2), sidecar(segmentKey(1, 2)), segmentKey(1, 3), sidecar(segmentKey(1, 3)),
                segmentKey(1, 4), sidecar(segmentKey(1, 4)), segmentKey(1, 5), sidecar(segmentKey(1, 5)),
                segmentKey(1, 6), sidecar(segmentKey(1, 6)), segmentKey(1, 7), sidecar(segmentKey(1, 7)),
                segmentKey(1, 8), sidecar(segmentKey(1, 8)), segmentKey(1, 9), sidecar(segmentKey(1, 9)));
    }

    @Test
    void deletesNothingWithoutABaseBackup() {
        WalRetention.Plan plan = plan(List.of(), walKeys(1, 0, 50));

        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.keepFrom()).isEmpty();
    }

    @Test
    void keepsTheNewestBaseBackupEvenWhenEveryBackupIsOlderThanTheWindow() {
        BaseBackupResult older = aBackup(1, 3, NOW.minus(Duration.ofDays(30)));
        BaseBackupResult newest = aBackup(1, 8, NOW.minus(Duration.ofDays(15)));

        WalRetention.Plan plan = plan(List.of(older, newest), walKeys(1, 0, 12));

        assertThat(plan.kept()).containsExactly(newest);
        assertThat(plan.keepFrom()).contains(segment(1, 8));
    }

    @Test
    void keepsHistoryFilesAndLaterTimelinesAndKeysOfAnotherLayout() {
        BaseBackupResult old = aBackup(1, 2, NOW.minus(Duration.ofDays(20)));
        BaseBackupResult kept = aBackup(1, 10, NOW.minus(Duration.ofDays(10)));
        List<String> wal = new ArrayList<>(walKeys(1, 0, 12));
        String history = WalArchiveKeys.historyKey(CLUSTER, new TimelineHistoryName(2), Compression.GZIP);
        String laterTimeline = segmentKey(2, 5);
        String partialBelowCut = WalArchiveKeys.segmentKey(CLUSTER,
                new WalSegmentName(1, 4, MIB, true), Compression.GZIP);
        wal.addAll(List.of(history, sidecar(history), laterTimeline, partialBelowCut, "wal/main/README.txt",
                "wal/main/00000001/notes.gz"));

        WalRetention.Plan plan = plan(List.of(old, kept), wal);

        assertThat(plan.deletions()).contains(segmentKey(1, 9), partialBelowCut)
                .doesNotContain(history, sidecar(history), laterTimeline, segmentKey(1, 10), "wal/main/README.txt",
                        "wal/main/00000001/notes.gz");
    }

    @Test
    void deletesTheLeftoverOfAnOldUndescribedBackupButNotOneThatMayStillBeRunning() {
        BaseBackupResult kept = aBackup(1, 10, NOW.minus(Duration.ofDays(10)));
        String leftover = BaseBackupKeys.folder(CLUSTER, NOW.minus(Duration.ofDays(12)), UUID.randomUUID());
        String running = BaseBackupKeys.folder(CLUSTER, NOW.minus(Duration.ofMinutes(5)), UUID.randomUUID());
        List<String> baseKeys = new ArrayList<>(keysOf(kept));
        baseKeys.addAll(List.of(leftover + "base.tar.gz", running + "base.tar.gz"));

        WalRetention.Plan plan = WalRetention.plan(CLUSTER, List.of(kept), baseKeys, walKeys(1, 5, 12), MIB, NOW,
                WEEK);

        assertThat(plan.deletions()).contains(leftover + "base.tar.gz").doesNotContain(running + "base.tar.gz")
                .noneMatch(key -> key.startsWith(BaseBackupKeys.folderOf(kept.key())));
    }

    @Property(tries = 300)
    void theNewestBaseBackupIsAlwaysKept(@ForAll("archives") Archive archive) {
        WalRetention.Plan plan = archive.plan();

        BaseBackupResult newest = archive.backups().stream().max(WalRetention.NEWEST_LAST).orElseThrow();
        assertThat(plan.kept()).contains(newest);
        assertThat(plan.deletions()).noneMatch(key -> key.startsWith(BaseBackupKeys.folderOf(newest.key())));
    }

    @Property(tries = 300)
    void everyMomentOfTheWindowStaysRecoverable(@ForAll("archives") Archive archive) {
        WalRetention.Plan plan = archive.plan();
        Set<String> remaining = new HashSet<>(archive.allKeys());
        plan.deletions().forEach(remaining::remove);
        List<BaseBackupResult> offered = archive.backups().stream()
                .filter(b -> remaining.contains(BaseBackupKeys.infoKey(BaseBackupKeys.folderOf(b.key())))).toList();

        for (Instant moment = NOW.minus(archive.window()); !moment.isAfter(NOW);
             moment = moment.plus(archive.window().dividedBy(20))) {
            Instant at = moment;
            boolean recoverableBefore = archive.backups().stream().anyMatch(b -> b.finishedAt().isBefore(at));
            Optional<BaseBackupResult> from = offered.stream().filter(b -> b.finishedAt().isBefore(at))
                    .max(WalRetention.NEWEST_LAST);
            if (recoverableBefore) {
                assertThat(from).as("a kept base backup finished before %s", at).isPresent();
                assertThat(remaining).as("its archive").contains(from.get().key(),
                        BaseBackupKeys.sidecarKey(from.get().key()));
                WalSegmentName start = WalSegmentName.containing(1, from.get().startLsn(), MIB);
                assertThat(WalChain.gaps(CLUSTER, List.copyOf(remaining), MIB, Optional.of(start), 10).none())
                        .as("no hole from %s to the newest segment", start).isTrue();
                assertThat(remaining).contains(segmentKey(1, start.segmentNumber()), segmentKey(1, archive.last()));
            }
        }
    }

    @Property(tries = 300)
    void nothingNewerThanTheCutIsDeleted(@ForAll("archives") Archive archive) {
        WalRetention.Plan plan = archive.plan();
        Instant windowStart = NOW.minus(archive.window());

        WalSegmentName cut = plan.keepFrom().orElseThrow();
        for (String key : plan.deletions()) {
            ArchivedWal.parse(CLUSTER, key, MIB).ifPresent(wal ->
                    assertThat(wal.segment().orElseThrow().segmentNumber()).as(key).isLessThan(cut.segmentNumber()));
        }
        assertThat(plan.deleted()).allMatch(b -> b.finishedAt().isBefore(windowStart));
        assertThat(plan.deleted()).noneMatch(plan.kept()::contains);
        assertThat(plan.kept()).allMatch(b -> b.startLsn().compareTo(cut.startLsn()) >= 0);
        // Each deleted backup's description goes before the rest of its folder.
        for (BaseBackupResult deleted : plan.deleted()) {
            String folder = BaseBackupKeys.folderOf(deleted.key());
            assertThat(plan.deletions().indexOf(BaseBackupKeys.infoKey(folder)))
                    .isLessThan(plan.deletions().indexOf(deleted.key()));
        }
    }

    /** A cluster's archive: base backups taken over time, an unbroken chain of WAL, a window. */
    record Archive(List<BaseBackupResult> backups, long last, Duration window) {

        WalRetention.Plan plan() {
            List<String> baseKeys = backups.stream().flatMap(b -> keysOf(b).stream()).toList();
            return WalRetention.plan(CLUSTER, backups, baseKeys, walKeys(1, first(), last), MIB, NOW, window);
        }

        long first() {
            return backups.stream().mapToLong(b -> b.startLsn().value() / MIB).min().orElse(0);
        }

        List<String> allKeys() {
            List<String> keys = new ArrayList<>(walKeys(1, first(), last));
            backups.forEach(b -> keys.addAll(keysOf(b)));
            return keys;
        }
    }

    @Provide
    Arbitrary<Archive> archives() {
        Arbitrary<List<Integer>> ages = Arbitraries.integers().between(0, 30 * 24).list().ofMinSize(1).ofMaxSize(8);
        Arbitrary<Integer> windowHours = Arbitraries.integers().between(1, 14 * 24);
        return Combinators.combine(ages, windowHours).as((hoursAgo, window) -> {
            // Older backups start earlier in the WAL: a backup every few segments, in the order they finished.
            List<Integer> sorted = hoursAgo.stream().sorted(Comparator.reverseOrder()).toList();
            List<BaseBackupResult> backups = new ArrayList<>();
            long segment = 2;
            for (int age : sorted) {
                backups.add(aBackup(1, segment, NOW.minus(Duration.ofHours(age)).minusSeconds(1)));
                segment += 1 + Math.floorMod(age, 4);
            }
            return new Archive(backups, segment + 3, Duration.ofHours(window));
        });
    }

    private static WalRetention.Plan plan(List<BaseBackupResult> backups, List<String> wal) {
        List<String> baseKeys = backups.stream().flatMap(b -> keysOf(b).stream()).toList();
        return WalRetention.plan(CLUSTER, backups, baseKeys, wal, MIB, NOW, WEEK);
    }

    static BaseBackupResult aBackup(long timeline, long startSegment, Instant finishedAt) {
        UUID id = UUID.nameUUIDFromBytes((timeline + "/" + startSegment + "/" + finishedAt).getBytes());
        Instant startedAt = finishedAt.minusSeconds(30);
        String folder = BaseBackupKeys.folder(CLUSTER, startedAt, id);
        return new BaseBackupResult(CLUSTER, id, BaseBackupKeys.archiveKey(folder, Compression.GZIP), timeline,
                new Lsn(startSegment * MIB + 0x28), new Lsn(startSegment * MIB + 0x138), startedAt, finishedAt, 1234,
                "ab".repeat(32), "gzip", "15.8", "pg_basebackup (PostgreSQL) 15.8", true);
    }

    static List<String> keysOf(BaseBackupResult backup) {
        String folder = BaseBackupKeys.folderOf(backup.key());
        return List.of(backup.key(), BaseBackupKeys.sidecarKey(backup.key()), BaseBackupKeys.infoKey(folder));
    }

    /** Segments {@code from} to {@code to} of a timeline, each with its sidecar. */
    static List<String> walKeys(long timeline, long from, long to) {
        List<String> keys = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            keys.add(segmentKey(timeline, n));
            keys.add(sidecar(segmentKey(timeline, n)));
        }
        return keys;
    }

    static String segmentKey(long timeline, long segment) {
        return WalArchiveKeys.segmentKey(CLUSTER, segment(timeline, segment), Compression.GZIP);
    }

    static WalSegmentName segment(long timeline, long segment) {
        return new WalSegmentName(timeline, segment, MIB, false);
    }

    static String sidecar(String key) {
        return WalArchiveKeys.sidecarKey(key);
    }
}
