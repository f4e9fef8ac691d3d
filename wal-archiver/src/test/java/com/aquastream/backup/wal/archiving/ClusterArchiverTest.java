package com.aquastream.backup.wal.archiving;

import static com.aquastream.backup.wal.archiving.ArchivingFixtures.aCluster;
import static com.aquastream.backup.wal.archiving.ArchivingFixtures.givenCompletedSegment;
import static com.aquastream.backup.wal.archiving.ArchivingFixtures.givenPartialSegment;
import static com.aquastream.backup.wal.archiving.ArchivingFixtures.settingsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.core.wal.Lsn;
import com.aquastream.backup.core.wal.WalArchiveKeys;
import com.aquastream.backup.core.wal.WalShipper;
import com.aquastream.backup.events.WalArchived;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.events.WalStatus;
import com.aquastream.backup.wal.archiving.ArchivingFixtures.FakeServer;
import com.aquastream.backup.wal.archiving.ArchivingFixtures.MovingClock;
import com.aquastream.backup.wal.archiving.ArchivingFixtures.ScriptedReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rounds of one cluster on the real shipper and a filesystem store, with pg_receivewal and the server faked. */
class ClusterArchiverTest {

    @TempDir
    Path temp;

    private Path receiveDirectory;
    private ObjectStore store;
    private final ScriptedReceiver receiver = new ScriptedReceiver();
    private final FakeServer server = new FakeServer();
    private final MovingClock clock = new MovingClock();
    private final List<WalEvent> published = new CopyOnWriteArrayList<>();
    private ClusterArchiver archiver;

    @BeforeEach
    void givenAnArchiver() throws IOException {
        receiveDirectory = Files.createDirectories(temp.resolve("receive"));
        store = new FilesystemObjectStore(temp.resolve("store"));
        ClusterSettings cluster = aCluster(receiveDirectory);
        WalSettings settings = settingsOf(cluster);
        archiver = new ClusterArchiver(cluster, settings, receiver, server,
                segmentBytes -> new WalShipper(cluster.name(), receiveDirectory, segmentBytes, store,
                        new ArchivePipeline(), settings.compression(), 1, clock),
                published::add, store.name(), clock);
    }

    @Test
    void publishesOneWalArchivedPerShippedSegmentWhoseObjectAndSidecarAreInTheStore() throws IOException {
        givenCompletedSegment(receiveDirectory, "000000010000000000000001");
        givenCompletedSegment(receiveDirectory, "000000010000000000000002");

        archiver.shipRound();

        List<WalArchived> archived = published.stream().map(WalArchived.class::cast).toList();
        assertThat(archived).extracting(WalArchived::segment)
                .containsExactly("000000010000000000000001", "000000010000000000000002");
        WalArchived first = archived.get(0);
        assertThat(first.database()).isEqualTo("main");
        assertThat(first.messageKey()).isEqualTo("main.pg_cluster");
        assertThat(first.partial()).isFalse();
        assertThat(first.startLsn()).isEqualTo("0/100000");
        assertThat(first.endLsn()).isEqualTo("0/200000");
        assertThat(first.walBytes()).isEqualTo(ArchivingFixtures.SEGMENT_BYTES);
        assertThat(first.key()).isEqualTo("wal/main/00000001/000000010000000000000001.gz");
        assertThat(first.store()).isEqualTo("filesystem");
        assertThat(first.compression()).isEqualTo("gzip");
        assertThat(first.sha256()).isEqualTo(sha256Of(first.key())).isEqualTo(sidecarOf(first.key()));
        assertThat(archiver.segmentsShipped()).isEqualTo(2);
        assertThat(receiveDirectory).isEmptyDirectory();
    }

    @Test
    void announcesThePartialSegmentOnlyWhenItHoldsWalBeyondTheLastAnnouncement() throws IOException {
        givenCompletedSegment(receiveDirectory, "000000010000000000000001");
        givenPartialSegment(receiveDirectory, "000000010000000000000002", 0);
        archiver.shipRound();
        published.clear();

        archiver.partialRound();
        List<WalEvent> nothingReceivedYet = List.copyOf(published);
        givenPartialSegment(receiveDirectory, "000000010000000000000002", 4000);
        archiver.partialRound();
        archiver.partialRound();

        assertThat(nothingReceivedYet).as("a snapshot without WAL beyond the completed segment").isEmpty();
        assertThat(published).hasSize(1);
        WalArchived partial = (WalArchived) published.get(0);
        assertThat(partial.partial()).isTrue();
        assertThat(partial.segment()).isEqualTo("000000010000000000000002");
        assertThat(partial.key()).isEqualTo("wal/main/00000001/000000010000000000000002.partial.gz");
        assertThat(partial.endLsn()).isEqualTo("0/200FA0");
        assertThat(partial.sha256()).isEqualTo(sidecarOf(partial.key()));
    }

    @Test
    void failsTheShipRoundWhileTheServerNeverToldItsSegmentSize() throws IOException {
        givenCompletedSegment(receiveDirectory, "000000010000000000000001");
        server.reachable = false;

        assertThatThrownBy(archiver::shipRound).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("unreachable");

        server.reachable = true;
        archiver.shipRound();
        assertThat(published).hasSize(1);
    }

    @Test
    void startsTheReceiverAgainAfterItDiedWithADoublingBackoff() {
        archiver.superviseReceiver();
        archiver.superviseReceiver();
        assertThat(receiver.started).hasSize(1);
        assertThat(receiver.slotsCreated).isEqualTo(1);
        assertThat(archiver.receiving()).isTrue();

        receiver.current().dies(1);
        archiver.superviseReceiver();
        assertThat(archiver.receiving()).isFalse();
        assertThat(archiver.problem()).startsWith("pg_receivewal exited with 1: pg_receivewal: error: unexpected");
        clock.advance(Duration.ofMillis(999));
        archiver.superviseReceiver();
        assertThat(receiver.started).as("still in its first back-off of 1 s").hasSize(1);
        clock.advance(Duration.ofMillis(1));
        archiver.superviseReceiver();
        assertThat(receiver.started).hasSize(2);

        receiver.current().dies(1);
        archiver.superviseReceiver();
        clock.advance(Duration.ofSeconds(1));
        archiver.superviseReceiver();
        assertThat(receiver.started).as("the back-off doubled to 2 s").hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        archiver.superviseReceiver();

        assertThat(receiver.started).hasSize(3);
        assertThat(receiver.slotsCreated).as("the slot is created once").isEqualTo(1);
        assertThat(archiver.receiverRestarts()).isEqualTo(2);
    }

    @Test
    void isUnhealthyOnlyWhenNotReceivingForLongerThanTwiceTheLongestBackoff() {
        receiver.refuseToStart = true;

        archiver.superviseReceiver();
        clock.advance(Duration.ofSeconds(16));
        boolean atTheLimit = archiver.healthy(clock.instant());
        clock.advance(Duration.ofMillis(1));

        assertThat(atTheLimit).isTrue();
        assertThat(archiver.healthy(clock.instant())).isFalse();
        assertThat(archiver.problem()).contains("could not start").contains("Connection refused");
        receiver.refuseToStart = false;
        clock.advance(Duration.ofSeconds(8));
        archiver.superviseReceiver();
        assertThat(archiver.healthy(clock.instant())).isTrue();
    }

    @Test
    void publishesTheStatusWithTheLagBehindTheServer() throws IOException {
        givenCompletedSegment(receiveDirectory, "000000010000000000000001");
        archiver.superviseReceiver();
        archiver.shipRound();
        server.lsn = Lsn.parse("0/280000");
        clock.advance(Duration.ofSeconds(7));

        archiver.statusRound();

        WalStatus status = (WalStatus) published.get(published.size() - 1);
        assertThat(status.receiving()).isTrue();
        assertThat(status.serverLsn()).isEqualTo("0/280000");
        assertThat(status.shippedLsn()).isEqualTo("0/200000");
        assertThat(status.lagBytes()).isEqualTo(0x80000L);
        assertThat(status.lagSeconds()).isEqualTo(7L);
        assertThat(status.reason()).isNull();
        assertThat(status.messageKey()).isEqualTo("main.pg_cluster");
        assertThat(archiver.lastLag()).isPresent();
    }

    @Test
    void publishesTheStatusOfAnUnreachableServerWithTheReasonAndNoLag() {
        server.reachable = false;

        archiver.statusRound();

        WalStatus status = (WalStatus) published.get(0);
        assertThat(status.receiving()).isFalse();
        assertThat(status.serverLsn()).isNull();
        assertThat(status.lagBytes()).isNull();
        assertThat(status.lagSeconds()).isNull();
        assertThat(status.reason()).contains("not started yet").contains("unreachable").doesNotContain("secret");
    }

    @Test
    void publishesTheOldestListedBaseBackupAsRecoverableFromUntilAnOlderOneIsStoredOrTheListingChanges() {
        Instant oldest = clock.instant().minus(Duration.ofDays(3));
        Instant afterRetention = clock.instant().minus(Duration.ofDays(1));

        archiver.statusRound();
        archiver.baseBackupsListed(Optional.of(oldest));
        archiver.baseBackupStored(clock.instant());
        archiver.statusRound();
        archiver.baseBackupsListed(Optional.of(afterRetention));
        archiver.statusRound();
        archiver.baseBackupsListed(Optional.empty());
        archiver.statusRound();

        assertThat(published).filteredOn(WalStatus.class::isInstance).map(e -> ((WalStatus) e).recoverableFrom())
                .containsExactly(null, oldest, afterRetention, null);
    }

    @Test
    void stopsTheReceiverGracefullyThenShipsWhatItFlushedAndStartsNothingAfter() throws IOException {
        archiver.superviseReceiver();
        givenCompletedSegment(receiveDirectory, "000000010000000000000001");
        givenPartialSegment(receiveDirectory, "000000010000000000000002", 100);

        archiver.stop();
        archiver.superviseReceiver();

        assertThat(receiver.current().stoppedGracefully).isTrue();
        assertThat(receiver.started).hasSize(1);
        assertThat(published).extracting(e -> ((WalArchived) e).partial()).containsExactly(false, true);
    }

    private String sha256Of(String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return Sha256.of(in);
        }
    }

    private String sidecarOf(String key) throws IOException {
        try (InputStream in = store.get(WalArchiveKeys.sidecarKey(key))) {
            return Sidecars.parseSha256(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }
}
