package com.aquastream.backup.wal.archiving;

import static com.aquastream.backup.wal.archiving.ArchivingFixtures.SEGMENT_BYTES;
import static com.aquastream.backup.wal.archiving.ArchivingFixtures.aCluster;
import static com.aquastream.backup.wal.archiving.ArchivingFixtures.givenCompletedSegment;
import static com.aquastream.backup.wal.archiving.ArchivingFixtures.settingsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.wal.BaseBackupKeys;
import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.BaseBackups;
import com.aquastream.backup.core.wal.WalArchiveKeys;
import com.aquastream.backup.core.wal.WalSegmentName;
import com.aquastream.backup.core.wal.WalShipper;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.events.WalStatus;
import com.aquastream.backup.wal.archiving.ArchivingFixtures.FakeServer;
import com.aquastream.backup.wal.archiving.ArchivingFixtures.MovingClock;
import com.aquastream.backup.wal.archiving.ArchivingFixtures.ScriptedReceiver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention and the chain check of one cluster on the real shipper and a filesystem store. */
class ClusterHousekeepingTest {

    @TempDir
    Path temp;

    private Path receiveDirectory;
    private ObjectStore store;
    private final MovingClock clock = new MovingClock();
    private final FakeServer server = new FakeServer();
    private final List<WalEvent> published = new CopyOnWriteArrayList<>();
    private ClusterArchiver archiver;
    private ClusterHousekeeping housekeeping;

    @BeforeEach
    void givenAnArchiverWithItsHousekeeping() throws IOException {
        receiveDirectory = Files.createDirectories(temp.resolve("receive"));
        store = new FilesystemObjectStore(temp.resolve("store"));
        ClusterSettings cluster = aCluster(receiveDirectory);
        WalSettings settings = settingsOf(cluster);
        archiver = new ClusterArchiver(cluster, settings, new ScriptedReceiver(), server,
                segmentBytes -> new WalShipper(cluster.name(), receiveDirectory, segmentBytes, store,
                        new ArchivePipeline(), settings.compression(), 1, clock),
                published::add, store.name(), clock);
        housekeeping = new ClusterHousekeeping(archiver, store, HousekeepingSettings.DEFAULTS, clock);
    }

    @Test
    void deletesTheBaseBackupsTheWindowNoLongerNeedsAndTheWalBeforeTheOldestKeptOne() throws IOException {
        givenShippedSegments(1, 8);
        BaseBackupResult old = givenBaseBackup(2, Duration.ofDays(20));
        BaseBackupResult beforeWindow = givenBaseBackup(5, Duration.ofDays(9));
        BaseBackupResult recent = givenBaseBackup(7, Duration.ofDays(1));

        housekeeping.retentionRound();

        assertThat(BaseBackups.list(store, "main")).containsExactly(beforeWindow, recent);
        assertThat(store.list(BaseBackupKeys.folderOf(old.key()))).isEmpty();
        assertThat(store.list(WalArchiveKeys.clusterPrefix("main"))).containsExactly(
                segmentKey(5), sidecar(segmentKey(5)), segmentKey(6), sidecar(segmentKey(6)),
                segmentKey(7), sidecar(segmentKey(7)), segmentKey(8), sidecar(segmentKey(8)));
        assertThat(housekeeping.deletedObjects()).isEqualTo(3 + 8);
        assertThat(archiver.lastChain()).hasValueSatisfying(gaps -> assertThat(gaps.none()).isTrue());
    }

    @Test
    void reportsTheFinishOfTheOldestBaseBackupRetentionKeptInTheNextStatus() throws IOException {
        givenShippedSegments(1, 8);
        givenBaseBackup(2, Duration.ofDays(20));
        BaseBackupResult beforeWindow = givenBaseBackup(5, Duration.ofDays(9));
        givenBaseBackup(7, Duration.ofDays(1));

        housekeeping.retentionRound();
        archiver.statusRound();

        assertThat(lastStatus().recoverableFrom()).isEqualTo(beforeWindow.finishedAt());
    }

    @Test
    void reportsNoRecoverableFromWhileTheStoreHoldsNoBaseBackupThenTheFirstOneStored() throws IOException {
        givenShippedSegments(1, 4);

        housekeeping.chainRound();
        archiver.statusRound();
        WalStatus withoutBackup = lastStatus();
        BaseBackupResult first = givenBaseBackup(2, Duration.ofMinutes(1));
        archiver.baseBackupStored(first.finishedAt());
        archiver.statusRound();

        assertThat(withoutBackup.recoverableFrom()).isNull();
        assertThat(lastStatus().recoverableFrom()).isEqualTo(first.finishedAt());
    }

    @Test
    void keepsTheOldestBaseBackupAsRecoverableFromWhenANewerOneIsStored() throws IOException {
        givenShippedSegments(1, 4);
        BaseBackupResult oldest = givenBaseBackup(2, Duration.ofDays(2));
        housekeeping.chainRound();

        BaseBackupResult newer = givenBaseBackup(3, Duration.ofMinutes(1));
        archiver.baseBackupStored(newer.finishedAt());
        archiver.statusRound();

        assertThat(lastStatus().recoverableFrom()).isEqualTo(oldest.finishedAt());
    }

    @Test
    void deletesNothingWithoutABaseBackup() throws IOException {
        givenShippedSegments(1, 4);

        housekeeping.retentionRound();

        assertThat(store.list(WalArchiveKeys.clusterPrefix("main"))).hasSize(8);
    }

    @Test
    void deletesAndReportsNothingWhileTheServerCannotTellItsSegmentSize() throws IOException {
        givenBaseBackup(1, Duration.ofDays(30));
        givenBaseBackup(3, Duration.ofDays(20));
        server.reachable = false;

        housekeeping.retentionRound();
        housekeeping.chainRound();

        assertThat(BaseBackups.list(store, "main")).hasSize(2);
        assertThat(archiver.lastChain()).isEmpty();
    }

    @Test
    void namesASegmentMissingFromTheStoreInTheNextStatusAndNoneOnceItIsBack() throws IOException {
        givenShippedSegments(1, 6);
        givenBaseBackup(2, Duration.ofDays(1));
        byte[] lost = store.get(segmentKey(4)).readAllBytes();
        store.delete(segmentKey(4));

        housekeeping.chainRound();
        archiver.statusRound();
        store.put(segmentKey(4), new ByteArrayInputStream(lost));
        housekeeping.chainRound();
        archiver.statusRound();

        List<WalStatus> statuses = published.stream().filter(WalStatus.class::isInstance).map(WalStatus.class::cast)
                .toList();
        assertThat(statuses).extracting(WalStatus::missingSegments)
                .containsExactly(List.of("000000010000000000000004"), List.of());
        assertThat(archiver.lastChain().orElseThrow().missingCount()).isZero();
    }

    @Test
    void asksTheServerForTheSegmentSizeWhenNoShippingRoundHasYet() throws IOException {
        givenBaseBackup(1, Duration.ofDays(30));
        givenBaseBackup(3, Duration.ofDays(20));

        housekeeping.retentionRound();

        assertThat(BaseBackups.list(store, "main")).hasSize(1);
        assertThat(archiver.lastChain()).isPresent();
    }

    @Test
    void publishesNoMissingSegmentsBeforeTheFirstCheck() {
        archiver.statusRound();

        assertThat(((WalStatus) published.get(0)).missingSegments()).isNull();
    }

    @Test
    void publishesNoRecoverableFromBeforeTheStoreWasListedEvenAfterABaseBackupWasStored() throws IOException {
        BaseBackupResult stored = givenBaseBackup(2, Duration.ofMinutes(1));

        archiver.baseBackupStored(stored.finishedAt());
        archiver.statusRound();

        assertThat(lastStatus().recoverableFrom()).isNull();
    }

    private WalStatus lastStatus() {
        List<WalStatus> statuses = published.stream().filter(WalStatus.class::isInstance).map(WalStatus.class::cast)
                .toList();
        return statuses.get(statuses.size() - 1);
    }

    private void givenShippedSegments(int first, int last) throws IOException {
        for (int n = first; n <= last; n++) {
            givenCompletedSegment(receiveDirectory, segment(n).fileName());
        }
        archiver.shipRound();
    }

    /** A described base backup starting in segment {@code startSegment}, finished {@code age} ago. */
    private BaseBackupResult givenBaseBackup(long startSegment, Duration age) throws IOException {
        UUID id = UUID.randomUUID();
        Instant finishedAt = clock.instant().minus(age);
        Instant startedAt = finishedAt.minusSeconds(20);
        String folder = BaseBackupKeys.folder("main", startedAt, id);
        String key = BaseBackupKeys.archiveKey(folder, Compression.GZIP);
        put(key, "tar");
        put(BaseBackupKeys.sidecarKey(key), "ab".repeat(32) + "  base.tar.gz\n");
        String startLsn = String.format("0/%X", startSegment * SEGMENT_BYTES + 0x28);
        String endLsn = String.format("0/%X", startSegment * SEGMENT_BYTES + 0x138);
        put(BaseBackupKeys.infoKey(folder), "cluster=main\nbackupId=" + id + "\nkey=" + key + "\ntimeline=1\n"
                + "startLsn=" + startLsn + "\nendLsn=" + endLsn + "\nstartedAt=" + startedAt + "\nfinishedAt="
                + finishedAt + "\nsizeBytes=3\nsha256=" + "ab".repeat(32) + "\ncompression=gzip\n"
                + "toolVersion=pg_basebackup (PostgreSQL) 15.8\nmanifestVerified=true\n");
        return BaseBackups.list(store, "main").stream().filter(b -> b.backupId().equals(id)).findFirst()
                .orElseThrow();
    }

    private void put(String key, String text) throws IOException {
        store.put(key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static WalSegmentName segment(long n) {
        return new WalSegmentName(1, n, SEGMENT_BYTES, false);
    }

    private static String segmentKey(long n) {
        return WalArchiveKeys.segmentKey("main", segment(n), Compression.GZIP);
    }

    private static String sidecar(String key) {
        return WalArchiveKeys.sidecarKey(key);
    }
}
