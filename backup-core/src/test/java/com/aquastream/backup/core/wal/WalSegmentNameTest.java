package com.aquastream.backup.core.wal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalSegmentNameTest {

    private static final long MIB_16 = 16L << 20;

    @Test
    void readsTimelineSegmentAndLsnRangeFromAName() {
        WalSegmentName name = WalSegmentName.parse("000000010000000000000003", MIB_16);

        assertThat(name.timeline()).isEqualTo(1);
        assertThat(name.segmentNumber()).isEqualTo(3);
        assertThat(name.partial()).isFalse();
        assertThat(name.startLsn()).hasToString("0/3000000");
        assertThat(name.endLsn()).hasToString("0/4000000");
    }

    @Test
    void readsAPartialSegmentOnAnotherTimelineInALaterLog() {
        WalSegmentName name = WalSegmentName.parse("0000000A00000002000000FF.partial", MIB_16);

        assertThat(name.timeline()).isEqualTo(10);
        assertThat(name.segmentNumber()).isEqualTo(2 * 256 + 255);
        assertThat(name.partial()).isTrue();
        assertThat(name.startLsn()).hasToString("2/FF000000");
        assertThat(name.completed().fileName()).isEqualTo("0000000A00000002000000FF");
    }

    @Test
    void theLowPartDependsOnTheSegmentSize() {
        String name = "000000010000000000000100";

        assertThat(WalSegmentName.tryParse(name, MIB_16)).isEmpty();
        assertThat(WalSegmentName.parse(name, 1L << 20).startLsn()).hasToString("0/10000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00000002.history", "000000010000000000000003.partial.gz", "000000010000000000000003.gz",
            "00000001000000000000003", "0000000100000000000000030", "000000010000000000000003a", "00000001000000000000000a",
            "000000000000000000000003", "../000000010000000000000003", "000000010000000000000003\n",
            "000000010000000000000003.PARTIAL", "000000010000000000000003.tmp", "00000001000000000000000G"})
    void refusesAnythingThatIsNotASegmentName(String fileName) {
        assertThat(WalSegmentName.tryParse(fileName, MIB_16)).isEmpty();
        assertThatThrownBy(() -> WalSegmentName.parse(fileName, MIB_16)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 512 * 1024, 3L << 20, 2L << 30})
    void refusesSegmentSizesInitdbWouldNot(long segmentBytes) {
        assertThatThrownBy(() -> WalSegmentName.parse("000000010000000000000003", segmentBytes))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void aSegmentsNameReadsBackAsTheSameSegment(@ForAll("segments") WalSegmentName segment) {
        String fileName = segment.fileName();

        assertThat(WalSegmentName.parse(fileName, segment.segmentBytes())).isEqualTo(segment);
        assertThat(fileName).hasSize(segment.partial() ? 32 : 24).startsWith(segment.timelineHex());
    }

    @Property
    void onlyCanonicalNamesAreAccepted(@ForAll String anything, @ForAll("segmentSizes") long segmentBytes) {
        WalSegmentName.tryParse(anything, segmentBytes)
                .ifPresent(name -> assertThat(name.fileName()).isEqualTo(anything));
    }

    @Property
    void aSegmentSpansExactlyItsSizeAndTheNextStartsWhereItEnds(@ForAll("segments") WalSegmentName segment) {
        WalSegmentName next = new WalSegmentName(segment.timeline(), segment.segmentNumber() + 1,
                segment.segmentBytes(), false);

        assertThat(segment.endLsn().minus(segment.startLsn())).isEqualTo(segment.segmentBytes());
        assertThat(next.startLsn()).isEqualTo(segment.endLsn());
    }

    @Property
    void theSegmentContainingAPositionSpansIt(@ForAll("segmentSizes") long segmentBytes,
                                              @ForAll("positions") long position) {
        WalSegmentName segment = WalSegmentName.containing(1, new Lsn(position), segmentBytes);

        assertThat(segment.startLsn().value()).isLessThanOrEqualTo(position);
        assertThat(segment.endLsn().value()).isGreaterThan(position);
    }

    @Provide
    Arbitrary<Long> segmentSizes() {
        return Arbitraries.integers().between(20, 30).map(shift -> 1L << shift);
    }

    @Provide
    Arbitrary<Long> positions() {
        return Arbitraries.longs().between(0, (1L << 62) - 1);
    }

    @Provide
    Arbitrary<WalSegmentName> segments() {
        // Below the very last segment of the 64-bit space, whose end would wrap around to 0.
        return segmentSizes().flatMap(size -> Combinators.combine(
                Arbitraries.longs().between(1, 0xFFFFFFFFL),
                Arbitraries.longs().between(0, (1L << 62) / size),
                Arbitraries.of(true, false)).as((timeline, number, partial) ->
                new WalSegmentName(timeline, number, size, partial)));
    }
}
