package com.aquastream.backup.restore;

import static com.aquastream.backup.restore.ArchiveFixtures.aBackupOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore-worker JVM killed with {@code kill -9} in the middle of a restore, while psql (or pg_restore -j) is
 * halfway through the archive's SQL: the target is left as it was, and the next worker of the group, to which the
 * unacknowledged command is delivered again, does the restore.
 *
 * <p>The restore is held halfway by the archive itself: its first table has a CHECK calling a function that takes a
 * shared advisory lock, which the test holds exclusively. So the COPY into it waits after the schema was dropped and
 * recreated in the restore's transaction, while pg_restore still has megabytes of SQL to write.
 */
class KilledRestoreWorkerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String KEY_TEXT = "integration-test-signing-key-0123456789";
    private static final RestoreSignatures SIGNER = new RestoreSignatures(KEY_TEXT.getBytes(StandardCharsets.UTF_8));
    private static final String SCHEMA = "fleet";
    private static final int GATE = 424242;

    @TempDir
    static Path storeRoot;
    @TempDir
    static Path logs;

    static TestDatabase db;
    static FilesystemObjectStore store;
    static EventCollector events;
    static BackupCompleted backup;

    private final List<RestoreWorkerProcess> workers = new ArrayList<>();

    @BeforeAll
    static void backUpAGatedSchema() throws Exception {
        db = TestDatabases.create();
        db.execute("CREATE SCHEMA " + SCHEMA,
                // The gate: every row written into a_gated waits for the shared advisory lock GATE.
                "CREATE FUNCTION fleet.gate(id int) RETURNS boolean LANGUAGE plpgsql AS $$"
                        + " BEGIN PERFORM pg_catalog.pg_advisory_xact_lock_shared(" + GATE + "); RETURN true; END $$",
                "CREATE TABLE fleet.a_gated(id int PRIMARY KEY CHECK (fleet.gate(id)))",
                "INSERT INTO fleet.a_gated SELECT generate_series(1, 10)",
                // After the gate: about 4 MB of SQL (far more than the FIFO holds) in a small archive.
                "CREATE TABLE fleet.b_cargo(id int PRIMARY KEY, manifest text)",
                "INSERT INTO fleet.b_cargo SELECT g, repeat('crate ', 100) FROM generate_series(1, 6000) g");
        store = new FilesystemObjectStore(storeRoot);
        backup = aBackupOf(db, SCHEMA, store, Instant.now().minusSeconds(3600));
        events = new EventCollector(Topics.RESTORE_COMPLETED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED);
    }

    @AfterAll
    static void dropDatabase() {
        events.close();
        db.close();
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (RestoreWorkerProcess worker : workers) {
            worker.close();
        }
    }

    @Test
    void aWorkerKilledWhilePsqlIsMidScriptCommitsNothingAndTheNextWorkerRedoesTheRestore() throws Exception {
        db.execute("INSERT INTO fleet.b_cargo SELECT g, 'loaded after the backup' FROM generate_series(6001, 6500) g",
                "DELETE FROM fleet.a_gated WHERE id > 7",
                "CREATE TABLE fleet.added_later(id int PRIMARY KEY)", "INSERT INTO fleet.added_later VALUES (1)");
        Map<String, Long> before = db.rowCounts(SCHEMA);
        List<String> group = groupArgs(db.name());
        RestoreWorkerProcess first = startWorker("first", group);
        RestoreRequested restore = aRestore(db.name());

        try (Connection gate = holdTheGate(db)) {
            send(restore);
            await().atMost(TIMEOUT).until(() -> sessionsWaitingAtTheGate(db.name()).size() == 1);

            first.killNine();
        }
        await().atMost(TIMEOUT).until(() -> sessionsOf(db.name(), "psql") == 0);

        assertThat(db.rowCounts(SCHEMA)).as(first.log()).isEqualTo(before);
        assertThat(db.queryLong("select count(*) from fleet.b_cargo where manifest = 'loaded after the backup'"))
                .isEqualTo(500);
        assertThat(events.of(RestoreCompleted.class, RestoreCompleted::restoreId, restore.restoreId())).isEmpty();

        RestoreWorkerProcess next = startWorker("next", group);
        events.await(RestoreCompleted.class, RestoreCompleted::restoreId, restore.restoreId(), TIMEOUT);
        assertThat(db.rowCounts(SCHEMA)).as(next.log()).isEqualTo(backup.tableRowCounts());
        assertThat(db.queryLong("select count(*) from pg_tables where schemaname = 'fleet'"
                + " and tablename = 'added_later'")).isZero();
    }

    @Test
    void aWorkerKilledDuringAParallelRestoreLeavesAMarkedPartialSchemaThatTheNextWorkerDropsAndRestores()
            throws Exception {
        // An empty database without the schema (after a disaster): the fast path, pg_restore -j.
        try (TestDatabase target = TestDatabases.create()) {
            List<String> group = groupArgs(target.name());
            RestoreWorkerProcess first = startWorker("first-parallel", group);
            RestoreRequested restore = aRestore(target.name());
            Set<Integer> orphans;

            try (Connection gate = holdTheGate(target)) {
                send(restore);
                await().atMost(TIMEOUT).until(() -> sessionsWaitingAtTheGate(target.name()).size() == 1);
                orphans = sessionsWaitingAtTheGate(target.name());

                first.killNine();

                // pg_restore -j commits as it goes: the schema is there, half restored, and marked as unfinished.
                assertThat(target.queryLong("select count(*) from pg_namespace where nspname = 'fleet'")).isOne();
                assertThat(target.queryLong("select count(*) from pg_namespace where nspname = 'restoring: fleet'"))
                        .isOne();
                assertThat(target.queryLong("select count(*) from pg_tables where schemaname = 'fleet'")).isEqualTo(2);

                RestoreWorkerProcess next = startWorker("next-parallel", group);
                // The next worker ends the orphaned pg_restore, drops the partial schema and restores it again,
                // up to the gate, which is still closed.
                await().atMost(TIMEOUT).until(() -> {
                    Set<Integer> waiting = sessionsWaitingAtTheGate(target.name());
                    return !waiting.isEmpty() && waiting.stream().noneMatch(orphans::contains);
                });
                assertThat(activeSessions(target.name())).as(next.log()).doesNotContainAnyElementsOf(orphans);
            }

            events.await(RestoreCompleted.class, RestoreCompleted::restoreId, restore.restoreId(), TIMEOUT);
            assertThat(target.rowCounts(SCHEMA)).isEqualTo(backup.tableRowCounts());
            assertThat(target.queryLong("select count(*) from pg_namespace where nspname like 'restoring:%'"))
                    .isZero();
        }
    }

    /**
     * Settings of the two workers of one test: one consumer group, which has committed the offset of a first
     * (rejected) command of the schema's partition, so the next worker resumes at the restore the first did not
     * acknowledge. A short session timeout lets the group notice the killed worker within seconds.
     */
    private List<String> groupArgs(String target) throws Exception {
        List<String> args = List.of(
                "--restore.signing-key=" + KEY_TEXT,
                "--restore.allowed-databases=" + target,
                "--backup.platform.store.type=filesystem",
                "--backup.platform.store.filesystem-root=" + storeRoot,
                "--restore.work-dir=" + logs.resolve("work"),
                "--backup.platform.consumer.auto-offset-reset=latest",
                "--backup.platform.consumer.group=restore-worker-it-killed-" + UUID.randomUUID(),
                "--backup.platform.consumer.poll-timeout=200ms",
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
        return args;
    }

    private RestoreWorkerProcess startWorker(String name, List<String> args) throws Exception {
        RestoreWorkerProcess worker = RestoreWorkerProcess.start(logs, name, args);
        workers.add(worker);
        if (workers.size() == 1) {
            RestoreRequested c = aRestore(db.name());
            RestoreRequested unsigned = new RestoreRequested(UUID.randomUUID(), Instant.now(), c.database(),
                    c.schema(), UUID.randomUUID(), null, c.key(), null, RestoreMode.RESTORE, false, "it", null);
            send(unsigned);
            events.await(RestoreRejected.class, RestoreRejected::restoreId, unsigned.restoreId(), TIMEOUT);
        }
        return worker;
    }

    /**
     * The exclusive side of the gate in {@code database} (advisory locks are per database): held, every COPY into
     * a_gated there waits. Closing the connection opens it.
     */
    private static Connection holdTheGate(TestDatabase database) throws Exception {
        Connection c = database.connect();
        try (Statement st = c.createStatement()) {
            st.execute("select pg_advisory_lock(" + GATE + ")");
        }
        return c;
    }

    /** Backends of {@code database} waiting for an advisory lock: the gate. */
    private static Set<Integer> sessionsWaitingAtTheGate(String database) throws Exception {
        return pids("select l.pid from pg_locks l join pg_database d on d.oid = l.database"
                + " where l.locktype = 'advisory' and not l.granted and d.datname = ?", database);
    }

    private static Set<Integer> activeSessions(String database) throws Exception {
        return pids("select pid from pg_stat_activity where datname = ?", database);
    }

    private static long sessionsOf(String database, String application) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("select count(*) from pg_stat_activity"
                     + " where datname = ? and application_name = ?")) {
            ps.setString(1, database);
            ps.setString(2, application);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Set<Integer> pids(String sql, String database) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            Set<Integer> pids = new java.util.HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
            return pids;
        }
    }

    private static RestoreRequested aRestore(String target) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(), backup.database(),
                backup.schema(), UUID.randomUUID(), backup.backupId(), backup.objects().get(0).key(), target,
                RestoreMode.RESTORE, false, "integration-test", null));
    }

    private static void send(RestoreRequested command) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.RESTORE_REQUESTED, command.messageKey(),
                    new EventCodec().encode(command))).get(30, TimeUnit.SECONDS);
        }
    }
}
