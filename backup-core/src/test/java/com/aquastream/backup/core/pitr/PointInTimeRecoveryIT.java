package com.aquastream.backup.core.pitr;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.process.ScratchFiles;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.wal.BaseBackupArchive;
import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.BaseBackups;
import com.aquastream.backup.core.wal.PgBaseBackup;
import com.aquastream.backup.core.wal.PgReceiveWal;
import com.aquastream.backup.core.wal.ServerPrograms;
import com.aquastream.backup.core.wal.WalArchiveKeys;
import com.aquastream.backup.core.wal.WalShipper;
import com.aquastream.backup.testsupport.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Point-in-time recovery end to end on real servers: a source cluster started with initdb streams its WAL through
 * pg_receivewal into a filesystem store (completed segments, and the partial one every few seconds), a base backup
 * is taken with pg_basebackup, and a second, throw-away server is recovered from the archive.
 */
class PointInTimeRecoveryIT {

    private static final String CLUSTER = "main";
    private static final Duration PARTIAL_INTERVAL = Duration.ofSeconds(5);

    private Path temp;
    private TestCluster source;
    private PgReceiveWal.Receiving receiving;
    private ObjectStore store;
    private WalShipper shipper;
    private ServerPrograms programs;
    private ScheduledExecutorService archiver;
    private final AtomicBoolean shipping = new AtomicBoolean(true);

    @BeforeEach
    void startSourceAndArchiving() throws IOException {
        // traversable, so the server's OS user (postgres, when the build runs as root) reaches its directories
        temp = Files.createTempDirectory("pitr-it-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx--x--x")));
        source = TestCluster.start(1);
        programs = new ServerPrograms(source.binDir(), ServerPrograms.defaultOsUser());
        store = new FilesystemObjectStore(temp.resolve("store"));
        Path receiveDirectory = temp.resolve("receive");
        PgReceiveWal receiver = new PgReceiveWal(new PgReceiveWal.Settings(
                source.binDir().resolve("pg_receivewal").toString(), source.host(), source.port(), TestCluster.USER,
                null, "wal_archiver", receiveDirectory, false, Duration.ofSeconds(1)));
        receiver.createSlot(Duration.ofSeconds(30));
        receiving = receiver.start();
        shipper = new WalShipper(CLUSTER, receiveDirectory, source.walSegmentBytes(), store, new ArchivePipeline(),
                Compression.GZIP, -1, Clock.systemUTC());
        archiver = Executors.newSingleThreadScheduledExecutor();
        long[] round = {0};
        archiver.scheduleWithFixedDelay(() -> {
            if (!shipping.get()) {
                return;
            }
            try {
                shipper.shipHistories();
                shipper.shipCompleted();
                if (++round[0] % PARTIAL_INTERVAL.toSeconds() == 0) {
                    shipper.shipPartial();
                }
            } catch (IOException e) {
                System.err.println("shipping round failed: " + e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        source.execute("create table events (id bigint primary key, at timestamptz not null, payload text)");
    }

    @AfterEach
    void stopEverything() throws Exception {
        shipping.set(false);
        archiver.shutdownNow();
        archiver.awaitTermination(10, TimeUnit.SECONDS);
        try {
            if (receiving != null) {
                receiving.close();
            }
        } finally {
            source.close();
            ScratchFiles.deleteTree(temp);
        }
    }

    @Test
    void rpoDrillRecoversEveryRowCommittedBeforeTheSourceWasDestroyed() throws Exception {
        BaseBackupResult base = takeBaseBackup();
        assertThat(base.manifestVerified()).isTrue();
        assertThat(BaseBackups.list(store, CLUSTER)).containsExactly(base);

        Map<Long, Instant> committed = new TreeMap<>();
        try (Connection connection = source.connect("postgres");
             PreparedStatement insert = connection.prepareStatement(
                     "insert into events values (?, clock_timestamp(), repeat(md5(random()::text), 20))")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(16).toNanos();
            for (long id = 1; System.nanoTime() < deadline; id++) {
                insert.setLong(1, id);
                insert.executeUpdate();
                committed.put(id, Instant.now());
                Thread.sleep(200);
            }
        }
        // T: the source and its archiver die together (worst case: no last shipping round).
        Instant destroyedAt = Instant.now();
        shipping.set(false);
        archiver.shutdown();
        archiver.awaitTermination(30, TimeUnit.SECONDS);
        receiving.stop(Duration.ofSeconds(5));
        source.close();

        long started = System.nanoTime();
        try (RecoveredCluster recovered = recovery().recover(CLUSTER, destroyedAt, PointInTimeRecovery.Options
                .throwAway())) {
            long recoveryMillis = (System.nanoTime() - started) / 1_000_000;
            List<Long> ids = ids(recovered);
            Instant lastRecovered = committed.get(ids.get(ids.size() - 1));
            Duration rpo = Duration.between(lastRecovered, destroyedAt);
            System.out.printf("PITR RPO drill: %d rows committed, %d recovered, RPO %d ms (partial shipped every %d s),"
                            + " recovery %d ms, %d WAL files fetched, end of archive %s, reached %s%n",
                    committed.size(), ids.size(), rpo.toMillis(), PARTIAL_INTERVAL.toSeconds(), recoveryMillis,
                    recovered.segmentsFetched(), recovered.endOfArchive(), recovered.reachedAt());

            assertThat(ids).as("a gapless prefix of the committed rows")
                    .containsExactlyElementsOf(committed.keySet().stream().limit(ids.size()).toList());
            assertThat(rpo).isLessThan(Duration.ofSeconds(60));
            committed.forEach((id, at) -> {
                if (at.isBefore(destroyedAt.minus(PARTIAL_INTERVAL.plusSeconds(2)))) {
                    assertThat(ids).as("row %d committed at %s", id, at).contains(id);
                }
            });
            assertThat(recovered.endOfArchive()).isTrue();
            assertThat(recovered.reachedAt()).isBeforeOrEqualTo(destroyedAt);
        }
    }

    @Test
    void recoversToAMomentBeforeRowsWereDeletedByMistake() throws Exception {
        takeBaseBackup();
        source.execute("create schema payment; create table payment.\"LoginHistory\" (id int primary key);"
                + " create table payment.\"audit log|2\" (id int); insert into payment.\"LoginHistory\""
                + " select generate_series(1, 300); insert into payment.\"audit log|2\" values (1), (2)");
        source.execute("insert into events select g, clock_timestamp(), 'before' from generate_series(1, 500) g");
        Thread.sleep(1500);
        Instant beforeMistake = Instant.now();
        Thread.sleep(1500);
        source.execute("delete from events where id <= 400");
        source.execute("delete from payment.\"LoginHistory\" where id > 100");
        source.execute("insert into events values (1000, clock_timestamp(), 'after')");
        source.execute("select pg_switch_wal()");
        awaitArchivedPast(source.currentLsn());

        try (RecoveredCluster recovered = recovery().recover(CLUSTER, beforeMistake, PointInTimeRecovery.Options
                .throwAway())) {
            List<Long> ids = ids(recovered);

            assertThat(ids).hasSize(500).doesNotContain(1000L);
            assertThat(recovered.endOfArchive()).isFalse();
            assertThat(recovered.reachedAt()).isBeforeOrEqualTo(beforeMistake);
            assertThat(recovered.schemaExists("postgres", "payment")).isTrue();
            assertThat(recovered.schemaExists("postgres", "absent")).isFalse();
            assertThat(recovered.countRows("postgres", "payment"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("LoginHistory", 300L, "audit log|2", 2L));
            Path dump = temp.resolve("payment.dump.gz");
            String sha256 = recovered.dumpSchema("postgres", "payment", dump, Compression.GZIP, 1);
            assertThat(sha256).isEqualTo(com.aquastream.backup.core.checksum.Sha256.of(Files.newInputStream(dump)));
            Process list = new ProcessBuilder("bash", "-c", "gunzip -c '" + dump + "' | '"
                    + source.binDir().resolve("pg_restore") + "' --list").redirectErrorStream(true).start();
            String contents = new String(list.getInputStream().readAllBytes());
            assertThat(list.waitFor()).as(contents).isZero();
            assertThat(contents).contains("TABLE DATA payment LoginHistory", "TABLE DATA payment audit log|2");
        }
    }

    @Test
    void aMissingSegmentStopsTheRecoveryNamingIt() throws Exception {
        takeBaseBackup();
        List<String> segments = fillSegments(4);
        String missing = segments.get(1);
        store.delete(missing);
        String file = Path.of(missing).getFileName().toString().replace(".gz", "");

        assertThatThrownBy(() -> recovery().recover(CLUSTER, Instant.now(), PointInTimeRecovery.Options.throwAway()))
                .isInstanceOfSatisfying(PitrFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PitrFailedException.Reason.MISSING_SEGMENT);
                    assertThat(e.segment()).isEqualTo(file);
                    assertThat(e.getMessage()).contains(file, "missing");
                });
        assertThat(leftoverRecoveries()).isEmpty();
    }

    @Test
    void aCorruptSegmentStopsTheRecoveryNamingIt() throws Exception {
        takeBaseBackup();
        List<String> segments = fillSegments(3);
        String corrupt = segments.get(0);
        store.put(corrupt, new ByteArrayInputStream("not the segment".getBytes()));
        String file = Path.of(corrupt).getFileName().toString().replace(".gz", "");

        assertThatThrownBy(() -> recovery().recover(CLUSTER, Instant.now(), PointInTimeRecovery.Options.throwAway()))
                .isInstanceOfSatisfying(PitrFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PitrFailedException.Reason.CORRUPT_SEGMENT);
                    assertThat(e.segment()).isEqualTo(file);
                    assertThat(e.getMessage()).contains(file, "corrupt");
                });
    }

    @Test
    void noBaseBackupBeforeTheTargetIsSaidSo() throws Exception {
        Instant beforeAnyBackup = Instant.now();
        takeBaseBackup();

        assertThatThrownBy(() -> recovery().recover(CLUSTER, beforeAnyBackup, PointInTimeRecovery.Options.throwAway()))
                .isInstanceOfSatisfying(PitrFailedException.class, e ->
                        assertThat(e.reason()).isEqualTo(PitrFailedException.Reason.NO_BASE_BACKUP));
    }

    /** With the directory as operators configure it: {@code {major}} becomes the base backup's major version. */
    private PointInTimeRecovery recovery() {
        String dir = source.binDir().toString();
        Path configured = Path.of(dir.replaceFirst("/15/", "/" + ServerPrograms.MAJOR + "/"));
        return new PointInTimeRecovery(store, new ServerPrograms(configured, ServerPrograms.defaultOsUser()),
                temp.resolve("recoveries"));
    }

    private List<String> leftoverRecoveries() throws IOException {
        Path root = temp.resolve("recoveries");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (var entries = Files.list(root)) {
            return entries.map(Path::toString).toList();
        }
    }

    private BaseBackupResult takeBaseBackup() throws Exception {
        PgBaseBackup backups = new PgBaseBackup(source.binDir(), store, new ArchivePipeline(), Compression.GZIP, -1,
                Clock.systemUTC(), new BaseBackupArchive(store, programs, temp.resolve("verify")));
        BaseBackupResult base = backups.take(CLUSTER, new PgBaseBackup.Source(source.host(), source.port(),
                TestCluster.USER, null), UUID.randomUUID());
        // the backup's end point must be archived before a recovery can use it
        source.execute("select pg_switch_wal()");
        awaitArchivedPast(base.endLsn().toString());
        return base;
    }

    /** Writes {@code count} full segments, waits until all are archived, and returns their keys in order. */
    private List<String> fillSegments(int count) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            source.execute("insert into events select g, clock_timestamp(), 'x' from generate_series("
                    + (i * 1000 + 1) + ", " + (i * 1000 + 1000) + ") g");
            source.execute("select pg_switch_wal()");
        }
        awaitArchivedPast(source.currentLsn());
        String tl = WalArchiveKeys.clusterPrefix(CLUSTER) + "00000001/";
        for (String key : store.list(tl)) {
            if (key.endsWith(".gz") && !key.contains(".partial") && !key.contains(".history")) {
                keys.add(key);
            }
        }
        keys.sort(String::compareTo);
        return keys.subList(keys.size() - count, keys.size());
    }

    private void awaitArchivedPast(String lsn) {
        com.aquastream.backup.core.wal.Lsn wanted = com.aquastream.backup.core.wal.Lsn.parse(lsn);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).alias("WAL up to " + lsn + " archived")
                .until(() -> shipper.furthestShipped()
                        .filter(s -> !s.partial() && s.endLsn().compareTo(wanted) >= 0).isPresent());
    }

    private static List<Long> ids(RecoveredCluster recovered) throws IOException {
        String out = recovered.query("postgres", "select id from events order by id").strip();
        return out.isEmpty() ? List.of() : out.lines().map(Long::parseLong).toList();
    }
}
