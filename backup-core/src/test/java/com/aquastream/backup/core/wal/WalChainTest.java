package com.aquastream.backup.core.wal;

import static com.aquastream.backup.core.wal.WalRetentionTest.segment;
import static com.aquastream.backup.core.wal.WalRetentionTest.segmentKey;
import static com.aquastream.backup.core.wal.WalRetentionTest.sidecar;
import static com.aquastream.backup.core.wal.WalRetentionTest.walKeys;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.compress.Compression;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The chain check: every segment from the oldest kept backup's start to the newest of its timeline is archived. */
class WalChainTest {

    private static final long MIB = 1L << 20;
    private static final long MIB_16 = 16L << 20;

    @Test
    void findsNoGapInAnUnbrokenChain() {
        WalChain.Gaps gaps = WalChain.gaps("main", walKeys(1, 3, 40), MIB, Optional.of(segment(1, 3)), 100);

        assertThat(gaps.none()).isTrue();
        assertThat(gaps.missing()).isEmpty();
    }

    @Test
    void namesTheMissingSegmentsOldestFirstAndCountsThemAll() {
        List<String> keys = new ArrayList<>(walKeys(1, 3, 40));
        keys.removeAll(List.of(segmentKey(1, 7), segmentKey(1, 20), segmentKey(1, 21)));

        WalChain.Gaps gaps = WalChain.gaps("main", keys, MIB, Optional.of(segment(1, 3)), 2);

        assertThat(gaps.missing()).containsExactly("000000010000000000000007", "000000010000000000000014");
        assertThat(gaps.missingCount()).isEqualTo(3);
    }

    @Test
    void countsTheBackupsOwnStartSegmentAndIgnoresWhatLiesBeforeIt() {
        List<String> keys = new ArrayList<>(walKeys(1, 0, 12));
        keys.removeAll(List.of(segmentKey(1, 2), segmentKey(1, 5)));

        WalChain.Gaps gaps = WalChain.gaps("main", keys, MIB, Optional.of(segment(1, 5)), 100);

        assertThat(gaps.missing()).containsExactly(segment(1, 5).fileName());
    }

    @Test
    void countsAPartialSnapshotAsArchivedButNotASidecarAlone() {
        List<String> keys = new ArrayList<>(walKeys(1, 0, 4));
        keys.add(WalArchiveKeys.segmentKey("main", new WalSegmentName(1, 6, MIB, true), Compression.GZIP));
        keys.add(sidecar(segmentKey(1, 5)));

        WalChain.Gaps gaps = WalChain.gaps("main", keys, MIB, Optional.of(segment(1, 0)), 100);

        assertThat(gaps.missing()).containsExactly(segment(1, 5).fileName());
    }

    @Test
    void followsTheSegmentNamesAcrossTheEndOfALog() {
        List<String> keys = List.of(
                WalArchiveKeys.segmentKey("main", WalSegmentName.parse("0000000100000000000000FE", MIB_16),
                        Compression.ZSTD),
                WalArchiveKeys.segmentKey("main", WalSegmentName.parse("000000010000000100000001", MIB_16),
                        Compression.ZSTD));

        WalChain.Gaps gaps = WalChain.gaps("main", keys, MIB_16, Optional.empty(), 100);

        assertThat(gaps.missing()).containsExactly("0000000100000000000000FF", "000000010000000100000000");
    }

    @Test
    void reportsNoGapAcrossATimelineSwitchButOneInsideTheNewTimeline() {
        // Timeline 1 up to segment 10; the server was promoted in segment 10, timeline 2 goes on from there.
        List<String> keys = new ArrayList<>(walKeys(1, 3, 10));
        keys.addAll(walKeys(2, 10, 20));
        keys.add(WalArchiveKeys.historyKey("main", new TimelineHistoryName(2), Compression.GZIP));
        keys.remove(segmentKey(2, 15));

        WalChain.Gaps gaps = WalChain.gaps("main", keys, MIB, Optional.of(segment(1, 3)), 100);

        assertThat(gaps.missing()).containsExactly(segment(2, 15).fileName());
    }

    @Test
    void ignoresEarlierTimelinesAndOtherClusters() {
        List<String> keys = new ArrayList<>(walKeys(1, 0, 3));
        keys.remove(segmentKey(1, 1));
        keys.addAll(walKeys(2, 5, 8));
        keys.add("wal/other/00000002/000000020000000000000007.gz");

        WalChain.Gaps gaps = WalChain.gaps("main", keys, MIB, Optional.of(segment(2, 5)), 100);

        assertThat(gaps.none()).isTrue();
    }

    @Property(tries = 200)
    void namesExactlyTheSegmentsTakenOutOfAChain(@ForAll("removals") Set<Long> removed) {
        List<String> keys = new ArrayList<>(walKeys(1, 0, 60));
        removed.forEach(n -> keys.remove(segmentKey(1, n)));

        WalChain.Gaps gaps = WalChain.gaps("main", keys, MIB, Optional.of(segment(1, 0)), 1000);

        assertThat(gaps.missing()).containsExactlyElementsOf(new TreeSet<>(removed).stream()
                .map(n -> segment(1, n).fileName()).toList());
        assertThat(gaps.missingCount()).isEqualTo(removed.size());
    }

    @Provide
    Arbitrary<Set<Long>> removals() {
        // Never the last one: with it gone, the chain simply ends earlier.
        return Arbitraries.longs().between(0, 59).set().ofMaxSize(10);
    }
}
