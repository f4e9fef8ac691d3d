package com.aquastream.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.process.ScratchFiles;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.wal.BaseBackupArchive;
import com.aquastream.backup.core.wal.Lsn;
import com.aquastream.backup.core.wal.PgBaseBackup;
import com.aquastream.backup.core.wal.PgReceiveWal;
import com.aquastream.backup.core.wal.ServerPrograms;
import com.aquastream.backup.core.wal.WalArchiveKeys;
import com.aquastream.backup.core.wal.WalShipper;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestCluster;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Point-in-time recovery of one schema through the real restore-worker: a throw-away PostgreSQL cluster (initdb)
 * whose WAL is streamed by pg_receivewal and shipped into a filesystem store with a base backup beside it, signed
 * PITR commands on the test broker, the recovery in a second throw-away server started by the worker.
 */
class PointInTimeRecoveryFlowIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String KEY_TEXT = "integration-test-signing-key-0123456789";
    private static final RestoreSignatures SIGNER = new RestoreSignatures(KEY_TEXT.getBytes(StandardCharsets.UTF_8));
    private static final String CLUSTER = "main";
    private static final String DATABASE = "app";

    static Path temp;
    static TestCluster cluster;
    static PgReceiveWal.Receiving receiving;
    static WalShipper shipper;
    static ScheduledExecutorService archiver;
    static FilesystemObjectStore store;
    static EventCollector events;
    static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() throws Exception {
        // traversable, so the server's OS user (postgres, when the build runs as root) reaches its directories
        temp = Files.createTempDirectory("pitr-flow-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx--x--x")));
        cluster = TestCluster.start(1);
        cluster.execute("create database " + DATABASE);
        store = new FilesystemObjectStore(temp.resolve("store"));
        Path receive = temp.resolve("receive");
        PgReceiveWal receiver = new PgReceiveWal(new PgReceiveWal.Settings(
                cluster.binDir().resolve("pg_receivewal").toString(), cluster.host(), cluster.port(),
                TestCluster.USER, null, "wal_archiver", receive, false, Duration.ofSeconds(1)));
        receiver.createSlot(Duration.ofSeconds(30));
        receiving = receiver.start();
        shipper = new WalShipper(CLUSTER, receive, cluster.walSegmentBytes(), store, new ArchivePipeline(),
                Compression.GZIP, -1, Clock.systemUTC());
        archiver = Executors.newSingleThreadScheduledExecutor();
        archiver.scheduleWithFixedDelay(() -> {
            try {
                shipper.shipHistories();
                shipper.shipCompleted();
                shipper.shipPartial();
            } catch (IOException e) {
                System.err.println("shipping round failed: " + e);
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        events = new EventCollector(Topics.RESTORE_COMPLETED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED,
                Topics.RESTORE_VERIFIED);
        worker = RestoreWorkerInstance.start(KEY_TEXT, DATABASE, temp.resolve("store"),
                "--backup.platform.postgres.host=" + cluster.host(),
                "--backup.platform.postgres.port=" + cluster.port(),
                "--backup.platform.postgres.user=" + TestCluster.USER,
                "--restore.pitr.cluster=" + CLUSTER,
                "--restore.pitr.bin-dir=" + cluster.binDir(),
                "--restore.work-dir=" + temp.resolve("work"),
                "--restore.pitr.work-dir=" + temp.resolve("pitr"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (events != null) {
            events.close();
        }
        archiver.shutdownNow();
        archiver.awaitTermination(10, TimeUnit.SECONDS);
        try {
            receiving.close();
        } finally {
            cluster.close();
            ScratchFiles.deleteTree(temp);
        }
    }

    @Test
    void undoesAMistakenDeleteInOneSchemaWhileTheOtherKeepsItsNewerRows() throws Exception {
        execute("create schema payment; create table payment.\"LoginHistory\" (id int primary key, at timestamptz);"
                + " create table payment.\"audit log\" (id int); create schema crew;"
                + " create table crew.shifts (id int primary key)");
        takeBaseBackup();
        execute("insert into payment.\"LoginHistory\" select g, now() from generate_series(1, 1000) g;"
                + " insert into payment.\"audit log\" values (1), (2), (3);"
                + " insert into crew.shifts select generate_series(1, 100)");
        Thread.sleep(1500);
        Instant mistake = Instant.now();
        Thread.sleep(1000);
        execute("delete from payment.\"LoginHistory\" where id > 10; insert into crew.shifts"
                + " select generate_series(101, 150)");
        awaitArchivedUpToNow();

        RestoreRequested command = send(aPitr("payment", mistake.minusSeconds(1)));

        RestoreCompleted done = events.await(RestoreCompleted.class, RestoreCompleted::restoreId,
                command.restoreId(), TIMEOUT);
        assertThat(count("payment.\"LoginHistory\"")).isEqualTo(1000);
        assertThat(count("payment.\"audit log\"")).isEqualTo(3);
        assertThat(count("crew.shifts")).isEqualTo(150);
        assertThat(done.key()).startsWith("basebackup/" + CLUSTER + "/");
        assertThat(done.recoveredTo()).isBefore(mistake.minusSeconds(1)).isAfter(mistake.minusSeconds(30));
        assertThat(done.endOfArchive()).isFalse();
        assertThat(done.checks()).extracting(c -> c.table() + "=" + c.found())
                .containsExactlyInAnyOrder("LoginHistory=1000", "audit log=3");
        System.out.printf("schema PITR of payment: restored in %d ms%n", done.durationMs());
    }

    @Test
    void aMissingWalSegmentFailsTheRestoreNamingItAndLeavesTheSchemaAsItWas() throws Exception {
        execute("create schema ledger; create table ledger.entries (id int primary key)");
        takeBaseBackup();
        Instant target = Instant.now();
        for (int i = 0; i < 3; i++) {
            execute("insert into ledger.entries select generate_series(" + (i * 1000 + 1) + ", " + (i * 1000 + 1000)
                    + ")");
            cluster.execute("select pg_switch_wal()");
        }
        awaitArchivedUpToNow();
        List<String> segments = store.list(WalArchiveKeys.clusterPrefix(CLUSTER) + "00000001/").stream()
                .filter(k -> k.endsWith(".gz") && !k.contains(".partial") && !k.contains(".history")).sorted()
                .toList();
        String missing = segments.get(segments.size() - 2);
        String file = Path.of(missing).getFileName().toString().replace(".gz", "");
        // a target after the gap: the recovery must cross it
        execute("insert into ledger.entries values (999999)");
        Thread.sleep(1000);
        Instant afterGap = Instant.now();
        awaitArchivedUpToNow();
        store.delete(missing);
        execute("delete from ledger.entries");

        RestoreRequested command = send(aPitr("ledger", afterGap));

        RestoreFailed failed = events.await(RestoreFailed.class, RestoreFailed::restoreId, command.restoreId(),
                TIMEOUT);
        assertThat(failed.reason()).contains(file, "missing", "ledger is as it was before");
        assertThat(count("ledger.entries")).isZero();
        assertThat(target).isBefore(afterGap);
    }

    @Test
    void thePitrDrillFindsTheArchiveAgreeingWithALogicalBackupAtItsSnapshotAndNamesADisagreement() throws Exception {
        execute("create schema drill; create table drill.\"Orders\" (id int primary key, note text);"
                + " insert into drill.\"Orders\" select g, 'first' from generate_series(1, 500) g");
        takeBaseBackup();
        execute("insert into drill.\"Orders\" select g, 'second' from generate_series(501, 700) g");
        BackupCompleted backup = ArchiveFixtures.aBackupOf(new PgConnection(cluster.host(), cluster.port(),
                TestCluster.USER, null), DATABASE, "drill", store, Instant.now());
        execute("insert into drill.\"Orders\" select g, 'after the backup' from generate_series(701, 900) g;"
                + " delete from drill.\"Orders\" where id <= 100");
        awaitArchivedUpToNow();

        RestoreRequested drill = send(aDrill(backup));

        RestoreVerified verified = events.await(RestoreVerified.class, RestoreVerified::restoreId,
                drill.restoreId(), TIMEOUT);
        assertThat(backup.snapshotLsn()).isNotNull();
        assertThat(verified.checks()).containsExactly(new TableCheck("Orders", 700, 700));
        System.out.printf("PITR drill of drill (snapshot at %s): agreed in %d ms%n", backup.snapshotLsn(),
                verified.durationMs());

        ArchiveFixtures.writeRecord(store, withCounts(backup, Map.of("Orders", 701L)));
        RestoreRequested disagreeing = send(aDrill(backup));

        RestoreFailed failed = events.await(RestoreFailed.class, RestoreFailed::restoreId, disagreeing.restoreId(),
                TIMEOUT);
        assertThat(failed.reason()).contains("Orders (backup 701 rows, recovered 700)");
        assertThat(count("drill.\"Orders\"")).isEqualTo(800);
    }

    private static RestoreRequested aDrill(BackupCompleted backup) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(), DATABASE, backup.schema(),
                UUID.randomUUID(), backup.backupId(), backup.objects().get(0).key(), null, RestoreMode.PITR_VERIFY,
                false, "it:pitr-drill", null, false, null, null).withSha256(backup.sha256()));
    }

    private static BackupCompleted withCounts(BackupCompleted b, Map<String, Long> counts) {
        return new BackupCompleted(b.eventId(), b.occurredAt(), b.database(), b.schema(), b.requestId(),
                b.backupId(), b.tiers(), b.objects(), b.store(), b.sizeBytes(), b.sha256(), b.compression(),
                b.format(), b.startedAt(), b.finishedAt(), b.serverVersion(), b.toolVersion(), counts,
                b.scheduledFor(), b.snapshotLsn());
    }

    private static void takeBaseBackup() throws Exception {
        new PgBaseBackup(cluster.binDir(), store, new ArchivePipeline(), Compression.GZIP, -1, Clock.systemUTC(),
                new BaseBackupArchive(store, new ServerPrograms(cluster.binDir(), ServerPrograms.defaultOsUser()),
                        temp.resolve("verify")))
                .take(CLUSTER, new PgBaseBackup.Source(cluster.host(), cluster.port(), TestCluster.USER, null),
                        UUID.randomUUID());
        awaitArchivedUpToNow();
    }

    /** Switches to a new segment and waits until everything written so far is archived as completed segments. */
    private static void awaitArchivedUpToNow() {
        cluster.execute("select pg_switch_wal()");
        Lsn wanted = Lsn.parse(cluster.currentLsn());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .alias("WAL up to " + wanted + " archived").until(() -> {
                    if (shipper.furthestShipped().filter(s -> !s.partial() && s.endLsn().compareTo(wanted) >= 0)
                            .isPresent()) {
                        return true;
                    }
                    cluster.execute("select pg_switch_wal()");
                    return false;
                });
    }

    private static void execute(String sql) throws Exception {
        try (var connection = cluster.connect(DATABASE); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(String table) throws Exception {
        try (var connection = cluster.connect(DATABASE); var statement = connection.createStatement();
             var rows = statement.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static RestoreRequested aPitr(String schema, Instant asOf) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(), DATABASE, schema,
                UUID.randomUUID(), null, null, null, RestoreMode.PITR, false, "it:pitr", null, false, asOf, null));
    }

    private static RestoreRequested send(RestoreRequested command) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.RESTORE_REQUESTED, command.messageKey(),
                    new EventCodec().encode(command))).get(30, TimeUnit.SECONDS);
        }
        return command;
    }
}
