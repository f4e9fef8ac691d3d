package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.InvalidIdentifierException;
import com.aquastream.backup.core.store.ObjectKeys;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalArchiveKeysTest {

    private static final long MIB_16 = 16L << 20;

    @Test
    void keysASegmentByClusterTimelineAndName() {
        WalSegmentName segment = WalSegmentName.parse("000000020000000100000003", MIB_16);

        assertThat(WalArchiveKeys.segmentKey("main", segment, Compression.GZIP))
                .isEqualTo("wal/main/00000002/000000020000000100000003.gz");
        assertThat(WalArchiveKeys.segmentKey("main", segment, Compression.ZSTD))
                .isEqualTo("wal/main/00000002/000000020000000100000003.zst");
    }

    @Test
    void keysThePartialSegmentApartFromTheCompletedOne() {
        WalSegmentName partial = WalSegmentName.parse("000000010000000000000004.partial", MIB_16);

        assertThat(WalArchiveKeys.segmentKey("main", partial, Compression.GZIP))
                .isEqualTo("wal/main/00000001/000000010000000000000004.partial.gz");
        assertThat(WalArchiveKeys.sidecarKey(WalArchiveKeys.segmentKey("main", partial, Compression.GZIP)))
                .isEqualTo("wal/main/00000001/000000010000000000000004.partial.gz.sha256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../other", "a/b", "Main", "main ", "ma\nin", "1main", "a.b"})
    void refusesClusterNamesThatAreNotPlainIdentifiers(String cluster) {
        WalSegmentName segment = WalSegmentName.parse("000000010000000000000003", MIB_16);

        assertThatThrownBy(() -> WalArchiveKeys.segmentKey(cluster, segment, Compression.GZIP))
                .isInstanceOf(InvalidIdentifierException.class);
    }

    @Property
    void everyKeyIsSafeAndStaysInsideItsClustersTimeline(@ForAll("clusters") String cluster,
                                                        @ForAll("segments") WalSegmentName segment,
                                                        @ForAll Compression compression) {
        String key = WalArchiveKeys.segmentKey(cluster, segment, compression);

        assertThat(ObjectKeys.requireSafeKey(key)).isEqualTo(key);
        assertThat(key).startsWith(WalArchiveKeys.timelinePrefix(cluster, segment))
                .startsWith(WalArchiveKeys.clusterPrefix(cluster))
                .endsWith(segment.fileName() + compression.extension());
        assertThat(key.split("/")).hasSize(4);
    }

    @Provide
    Arbitrary<String> clusters() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_').ofMinLength(1).ofMaxLength(63)
                .filter(s -> !Character.isDigit(s.charAt(0)));
    }

    @Provide
    Arbitrary<WalSegmentName> segments() {
        return Arbitraries.longs().between(1, 0xFFFFFFFFL).flatMap(timeline -> Arbitraries.longs()
                .between(0, (1L << 40) - 1).flatMap(number -> Arbitraries.of(true, false)
                        .map(partial -> new WalSegmentName(timeline, number, MIB_16, partial))));
    }
}
