package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.store.InMemoryObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalShipperTest {

    private static final long SEGMENT_BYTES = 1L << 20;
    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    @TempDir
    Path directory;

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private WalShipper shipper;
    private int seed;

    @Test
    void shipsCompletedSegmentsOldestFirstAndDeletesThemLocally() throws IOException {
        byte[] third = givenSegment("000000010000000000000003", SEGMENT_BYTES);
        byte[] second = givenSegment("000000010000000000000002", SEGMENT_BYTES);
        givenSegment("000000010000000000000004.partial", 1000);
        givenFile("00000002.history");

        List<ShippedSegment> shipped = shipper().shipCompleted();

        assertThat(shipped).extracting(s -> s.segment().fileName())
                .containsExactly("000000010000000000000002", "000000010000000000000003");
        assertThat(shipped.get(0).key()).isEqualTo("wal/main/00000001/000000010000000000000002.gz");
        assertThat(shipped.get(0).startLsn()).hasToString("0/200000");
        assertThat(shipped.get(0).endLsn()).hasToString("0/300000");
        assertThat(shipped.get(0).shippedAt()).isEqualTo(NOW);
        assertThat(stored(shipped.get(0))).isEqualTo(second);
        assertThat(stored(shipped.get(1))).isEqualTo(third);
        assertThat(sidecarOf(shipped.get(1))).isEqualTo(shipped.get(1).sha256Hex());
        assertThat(directory.toFile().list())
                .containsExactlyInAnyOrder("000000010000000000000004.partial", "00000002.history");
    }

    @Test
    void shipsASnapshotOfThePartialSegmentAndDropsItOnceTheSegmentIsComplete() throws IOException {
        givenSegment("000000010000000000000004.partial", 1001);

        ShippedSegment partial = shipper().shipPartial().orElseThrow();

        assertThat(partial.partial()).isTrue();
        assertThat(partial.key()).isEqualTo("wal/main/00000001/000000010000000000000004.partial.gz");
        assertThat(partial.endLsn()).hasToString("0/4003F0"); // 1001 bytes, rounded up to the 8-byte alignment
        assertThat(stored(partial)).hasSize((int) SEGMENT_BYTES);
        assertThat(directory.resolve("000000010000000000000004.partial")).exists();

        Files.move(directory.resolve("000000010000000000000004.partial"),
                directory.resolve("000000010000000000000004"));
        shipper.shipCompleted();

        assertThat(store.list("wal/")).containsExactly("wal/main/00000001/000000010000000000000004.gz",
                "wal/main/00000001/000000010000000000000004.gz.sha256");
        assertThat(shipper.furthestShipped().orElseThrow().endLsn()).hasToString("0/500000");
    }

    @Test
    void hasNothingToShipWithoutAPartialSegment() throws IOException {
        assertThat(shipper().shipPartial()).isEmpty();
        assertThat(shipper.furthestShipped()).isEmpty();
    }

    @Test
    void reportsASegmentStoredBeforeACrashAgainWithoutOverwritingIt() throws IOException {
        givenSegment("000000010000000000000002", SEGMENT_BYTES);
        ShippedSegment first = shipper().shipCompleted().get(0);
        givenFileWithBytes("000000010000000000000002", stored(first));

        List<ShippedSegment> again = shipper.shipCompleted();

        assertThat(again).singleElement().satisfies(s -> {
            assertThat(s.sha256Hex()).isEqualTo(first.sha256Hex());
            assertThat(s.sizeBytes()).isEqualTo(first.sizeBytes());
        });
        assertThat(shipper.pending()).isEmpty();
    }

    @Test
    void refusesToOverwriteADifferentSegmentOfTheSameNameAndKeepsTheLocalOne() throws IOException {
        givenSegment("000000010000000000000002", SEGMENT_BYTES);
        ShippedSegment first = shipper().shipCompleted().get(0);
        givenSegment("000000010000000000000002", SEGMENT_BYTES);

        assertThatThrownBy(() -> shipper.shipCompleted()).isInstanceOf(IOException.class)
                .hasMessageContaining("refusing to overwrite");
        assertThat(directory.resolve("000000010000000000000002")).exists();
        assertThat(sidecarOf(first)).isEqualTo(first.sha256Hex());
    }

    @Test
    void refusesACompletedSegmentOfTheWrongSize() throws IOException {
        givenSegment("000000010000000000000002", SEGMENT_BYTES - 1);

        assertThatThrownBy(() -> shipper().shipCompleted()).isInstanceOf(IOException.class)
                .hasMessageContaining("expected " + SEGMENT_BYTES);
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void shipsEachTimelineHistoryOnceVerifiedAndKeepsItLocally() throws IOException {
        givenFile("00000002.history");
        givenSegment("000000020000000000000005", SEGMENT_BYTES);
        Files.writeString(directory.resolve("00000003.history"),
                "1\t0/3000000\tno recovery target specified\n2\t0/6000000\tno recovery target specified\n");

        assertThat(shipper().shipHistories()).containsExactly("wal/main/00000002/00000002.history.gz",
                "wal/main/00000003/00000003.history.gz");

        try (InputStream in = Compression.GZIP.decompress(store.get("wal/main/00000003/00000003.history.gz"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("2\t0/6000000");
        }
        assertThat(store.exists("wal/main/00000002/00000002.history.gz.sha256")).isTrue();
        assertThat(directory.resolve("00000002.history")).exists();
        assertThat(shipper().shipHistories()).isEmpty(); // already there, the same bytes
        assertThat(shipper().pending()).extracting(WalSegmentName::fileName)
                .containsExactly("000000020000000000000005"); // segments are shipped on their own
    }

    @Test
    void refusesToOverwriteAStoredHistoryWithADifferentOne() throws IOException {
        givenFile("00000002.history");
        shipper().shipHistories();
        Files.writeString(directory.resolve("00000002.history"), "1\t0/4000000\tanother server's promotion\n");

        assertThatThrownBy(() -> shipper().shipHistories()).isInstanceOf(IOException.class)
                .hasMessageContaining("refusing to overwrite wal/main/00000002/00000002.history.gz");
    }

    private WalShipper shipper() {
        shipper = new WalShipper("main", directory, SEGMENT_BYTES, store, new ArchivePipeline(64 * 1024),
                Compression.GZIP, 1, Clock.fixed(NOW, ZoneOffset.UTC));
        return shipper;
    }

    /** A segment file of {@code SEGMENT_BYTES} whose first {@code written} bytes are WAL-like noise, then zeros. */
    private byte[] givenSegment(String name, long written) throws IOException {
        byte[] bytes = new byte[(int) (name.endsWith(".partial") ? SEGMENT_BYTES : written)];
        byte[] noise = new byte[(int) Math.min(written, bytes.length)];
        new Random(name.hashCode() + 31L * seed++).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, 0, noise.length);
        if (noise.length > 0) {
            bytes[noise.length - 1] = 1; // the last received byte is not zero
        }
        return givenFileWithBytes(name, bytes);
    }

    private byte[] givenFileWithBytes(String name, byte[] bytes) throws IOException {
        Files.write(directory.resolve(name), bytes);
        return bytes;
    }

    private void givenFile(String name) throws IOException {
        Files.writeString(directory.resolve(name), "1\t0/3000000\tno recovery target specified\n");
    }

    private byte[] stored(ShippedSegment segment) throws IOException {
        try (InputStream in = Compression.GZIP.decompress(store.get(segment.key()))) {
            return in.readAllBytes();
        }
    }

    private String sidecarOf(ShippedSegment segment) throws IOException {
        try (InputStream in = store.get(WalArchiveKeys.sidecarKey(segment.key()))) {
            return Sidecars.parseSha256(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }
}
