package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.testsupport.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WAL path end to end against a throw-away server: slot, pg_receivewal, shipping to the filesystem store,
 * checked with the server's own pg_waldump.
 */
class WalShippingIT {

    private static final String CLUSTER = "main";
    private static final String SLOT = "wal_archiver";

    @TempDir
    Path temp;

    private TestCluster server;
    private PgReceiveWal.Receiving receiving;
    private ObjectStore store;
    private WalShipper shipper;

    @BeforeEach
    void startServerAndReceiver() throws IOException {
        server = TestCluster.start();
        store = new FilesystemObjectStore(temp.resolve("store"));
        Path receiveDirectory = temp.resolve("receive");
        PgReceiveWal receiver = new PgReceiveWal(new PgReceiveWal.Settings(
                server.binDir().resolve("pg_receivewal").toString(), server.host(), server.port(), TestCluster.USER,
                null, SLOT, receiveDirectory, false, Duration.ofSeconds(1)));
        receiver.createSlot(Duration.ofSeconds(30));
        receiver.createSlot(Duration.ofSeconds(30)); // idempotent
        receiving = receiver.start();
        shipper = new WalShipper(CLUSTER, receiveDirectory, server.walSegmentBytes(), store, new ArchivePipeline(),
                Compression.GZIP, -1, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (receiving != null) {
                receiving.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void shipsEveryCompletedSegmentAndThePartialOneUntilTheLagIsGone() throws Exception {
        assertThat(server.queryForString("select count(*) from pg_replication_slots where slot_name = '" + SLOT
                + "' and slot_type = 'physical'")).isEqualTo("1");

        WalSegmentName lastCompleted = givenWalSwitchedThreeTimes();
        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> shipper.pending().contains(lastCompleted));
        long started = System.nanoTime();
        List<ShippedSegment> shipped = shipper.shipCompleted();
        long shippingMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(shipped).isNotEmpty();
        assertThat(shipped.get(shipped.size() - 1).segment()).isEqualTo(lastCompleted);
        assertThat(shipped).extracting(s -> s.segment().segmentNumber())
                .containsExactlyElementsOf(consecutive(shipped.get(0).segment().segmentNumber(), shipped.size()));
        assertThat(shipper.pending()).isEmpty();
        Path restored = Files.createDirectories(temp.resolve("restored"));
        for (ShippedSegment segment : shipped) {
            assertStoredWithSidecar(segment);
            Path file = download(segment, restored.resolve(segment.segment().fileName()));
            assertThat(Files.size(file)).isEqualTo(server.walSegmentBytes());
            assertThat(segment.walBytes()).isEqualTo(server.walSegmentBytes());
            assertThat(segment.endLsn().minus(segment.startLsn())).isEqualTo(server.walSegmentBytes());
        }
        String waldump = pgWaldump(restored, shipped.get(0).segment(), lastCompleted);
        assertThat(waldump).contains("Total");

        server.execute("insert into t select generate_series(1, 20000)");
        Lsn beforePartial = Lsn.parse(server.currentLsn());
        WalLag lagBefore = WalLag.between(beforePartial, shipper.furthestShipped().orElseThrow(),
                Clock.systemUTC().instant());
        assertThat(lagBefore.bytes()).isGreaterThan(64 * 1024);

        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
            ShippedSegment partial = shipper.shipPartial().orElseThrow();
            // The received end is read from the bytes (see ShippedSegment.endLsn): within a record of the target.
            return beforePartial.minus(partial.endLsn()) < 1024;
        });
        ShippedSegment partial = shipper.furthestShipped().orElseThrow();
        WalLag lagAfter = WalLag.between(Lsn.parse(server.currentLsn()), partial, Clock.systemUTC().instant());

        assertThat(partial.partial()).isTrue();
        assertThat(partial.key()).endsWith(".partial.gz");
        assertStoredWithSidecar(partial);
        assertThat(Files.size(download(partial, temp.resolve("partial")))).isEqualTo(server.walSegmentBytes());
        assertThat(lagAfter.bytes()).isLessThan(64 * 1024);
        assertThat(receiving.isAlive()).as(receiving.stderr()).isTrue();

        WalSegmentName completedLater = WalSegmentName.parse(
                server.queryForString("select pg_walfile_name(pg_switch_wal())"), server.walSegmentBytes());
        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> shipper.pending().contains(completedLater));
        shipper.shipCompleted();

        assertThat(completedLater.partial()).isFalse();
        assertThat(store.exists(partial.key())).as("the partial snapshot is replaced by the segment").isFalse();
        assertThat(store.list(WalArchiveKeys.clusterPrefix(CLUSTER))).doesNotContain(partial.key());
        assertThat(receiving.stop(Duration.ofSeconds(10))).as("pg_receivewal exits cleanly on SIGTERM: "
                + receiving.stderr()).isZero();
        System.out.printf("WalShippingIT: %d segments of %d bytes shipped in %d ms, %d bytes stored, lag %d -> %d"
                        + " bytes%n", shipped.size(), server.walSegmentBytes(), shippingMillis,
                shipped.stream().mapToLong(ShippedSegment::sizeBytes).sum(), lagBefore.bytes(), lagAfter.bytes());
    }

    /** Creates some WAL and switches segments three times; returns the last segment the switches completed. */
    private WalSegmentName givenWalSwitchedThreeTimes() {
        server.execute("create table t as select generate_series(1, 200000) as n");
        String last = null;
        for (int i = 0; i < 3; i++) {
            server.execute("insert into t select generate_series(1, 1000)");
            last = server.queryForString("select pg_walfile_name(pg_switch_wal())");
        }
        return WalSegmentName.parse(last, server.walSegmentBytes());
    }

    private void assertStoredWithSidecar(ShippedSegment segment) throws IOException {
        try (InputStream sidecar = store.get(WalArchiveKeys.sidecarKey(segment.key()));
             InputStream object = store.get(segment.key())) {
            String sidecarText = new String(sidecar.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(Sidecars.parseSha256(sidecarText)).isEqualTo(segment.sha256Hex());
            assertThat(Sha256.of(object)).isEqualTo(segment.sha256Hex());
        }
    }

    private Path download(ShippedSegment segment, Path target) throws IOException {
        try (InputStream in = Compression.GZIP.decompress(store.get(segment.key()))) {
            Files.copy(in, target);
        }
        return target;
    }

    private String pgWaldump(Path directory, WalSegmentName first, WalSegmentName last) throws Exception {
        Process process = new ProcessBuilder(server.binDir().resolve("pg_waldump").toString(),
                "--path=" + directory, "--stats", first.fileName(), last.fileName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static List<Long> consecutive(long first, int count) {
        return java.util.stream.LongStream.range(first, first + count).boxed().toList();
    }
}
