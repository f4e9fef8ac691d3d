package com.aquastream.backup.restore;

import static com.aquastream.backup.restore.ArchiveFixtures.aBackupOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.DependentObject;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.RepositoryRoot;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Restores through the real restore-worker: signed commands on Kafka, archives made by a real pg_dump, a real
 * PostgreSQL target. Safety backups are off here (they need the backup-worker; the end-to-end flow covers them).
 */
class RestoreFlowIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY_TEXT = "integration-test-signing-key-0123456789";
    private static final RestoreSignatures SIGNER = new RestoreSignatures(KEY_TEXT.getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path storeRoot;

    static TestDatabase db;
    static TestDatabase disasterTarget;
    static FilesystemObjectStore store;
    static EventCollector events;
    static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        db = TestDatabases.create();
        disasterTarget = TestDatabases.reserve();
        SixSchemas.populate(db, 200);
        store = new FilesystemObjectStore(storeRoot);
        events = new EventCollector(Topics.RESTORE_COMPLETED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED,
                Topics.RESTORE_VERIFIED, Topics.deadLetterOf(Topics.RESTORE_REQUESTED));
        // bin/request-restore follows the steps on /actuator/restores, which is served only when exposed.
        worker = RestoreWorkerInstance.start(KEY_TEXT, db.name() + "," + disasterTarget.name(), storeRoot,
                "--management.endpoints.web.exposure.include=health,prometheus,restores");
    }

    @AfterAll
    static void stop() {
        worker.close();
        events.close();
        disasterTarget.close();
        db.close();
    }

    @Test
    void recreatesADroppedSchemaExactly() throws Exception {
        BackupCompleted backup = aBackupOf(db, "user", store, Instant.now().minusSeconds(100));
        db.execute("DROP SCHEMA \"user\" CASCADE");

        RestoreRequested command = send(aRestore(backup, RestoreMode.RESTORE));

        RestoreCompleted done = events.await(RestoreCompleted.class, RestoreCompleted::restoreId,
                command.restoreId(), TIMEOUT);
        assertThat(db.rowCounts("user")).isEqualTo(backup.tableRowCounts());
        assertThat(done.checks()).allMatch(TableCheck::matches).hasSize(backup.tableRowCounts().size());
        assertThat(done.sha256()).isEqualTo(backup.sha256());
        assertThat(worker.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("restore_worker_restores_total").tag("schema", "user").tag("outcome", "completed").counter()
                .count()).isPositive();
        assertThat(events.records()).filteredOn(r -> r.topic().equals(Topics.RESTORE_COMPLETED))
                .anySatisfy(r -> assertThat(r.key()).isEqualTo(db.name() + ".user"));
    }

    @Test
    void undoesANewTableChangedRowsAndDeletedRows() throws Exception {
        String fingerprint = "select md5(string_agg(e::text, ',' order by e.id)) from event.events e";
        String before = db.queryString(fingerprint);
        BackupCompleted backup = aBackupOf(db, "event", store, Instant.now().minusSeconds(200));
        db.execute("CREATE TABLE event.added_later(id int primary key)",
                "UPDATE event.events SET name = 'changed after the backup' WHERE id % 3 = 0",
                "DELETE FROM event.registrations WHERE id % 2 = 0");

        RestoreRequested command = send(aRestore(backup, RestoreMode.RESTORE));

        events.await(RestoreCompleted.class, RestoreCompleted::restoreId, command.restoreId(), TIMEOUT);
        assertThat(db.rowCounts("event")).isEqualTo(backup.tableRowCounts());
        assertThat(db.queryLong("select count(*) from pg_tables where schemaname = 'event'"
                + " and tablename = 'added_later'")).isZero();
        assertThat(db.queryString(fingerprint)).isEqualTo(before);
    }

    @Test
    void aRestoreThatFailsMidwayLeavesTheSchemaUntouched() throws Exception {
        BackupCompleted backup = aBackupOf(db, "crew", store, Instant.now().minusSeconds(300));
        Map<String, Long> wrong = new HashMap<>(backup.tableRowCounts());
        wrong.put("members", wrong.get("members") + 1);
        ArchiveFixtures.writeRecord(store, withCounts(backup, wrong));
        db.execute("INSERT INTO crew.crews SELECT 900001, 'added after the backup', now(), 1, '{}', null");
        Map<String, Long> countsBefore = db.rowCounts("crew");

        RestoreRequested command = send(aRestore(backup, RestoreMode.RESTORE));

        RestoreFailed failed = events.await(RestoreFailed.class, RestoreFailed::restoreId, command.restoreId(),
                TIMEOUT);
        assertThat(failed.reason()).contains("members").contains("is as it was before");
        assertThat(db.rowCounts("crew")).isEqualTo(countsBefore);
        assertThat(db.queryLong("select count(*) from crew.crews where id = 900001")).isEqualTo(1);
    }

    @Test
    void rejectsAnArchiveWithOneFlippedByteAndTouchesNothing() throws Exception {
        BackupCompleted backup = aBackupOf(db, "payment", store, Instant.now().minusSeconds(400));
        Path object = storeRoot.resolve(backup.objects().get(0).key());
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(object, bytes);
        db.execute("INSERT INTO payment.invoices SELECT 900002, 'added after the backup', now(), 1, '{}', null");
        Map<String, Long> countsBefore = db.rowCounts("payment");

        RestoreRequested command = send(aRestore(backup, RestoreMode.RESTORE));

        RestoreRejected rejected = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                command.restoreId(), TIMEOUT);
        assertThat(rejected.reason()).contains("checksum mismatch");
        assertThat(rejected.code()).isEqualTo(RestoreRejected.CHECKSUM_MISMATCH);
        assertThat(rejected.backupId()).isEqualTo(backup.backupId());
        assertThat(db.rowCounts("payment")).isEqualTo(countsBefore);
    }

    @Test
    void rejectsUnsignedWronglySignedDisallowedAndInjectedCommandsTouchingNothing() throws Exception {
        BackupCompleted backup = aBackupOf(db, "media", store, Instant.now().minusSeconds(500));
        db.execute("DROP TABLE media.files");
        RestoreRequested valid = aRestore(backup, RestoreMode.RESTORE);
        RestoreRequested unsigned = withSignature(valid, null, UUID.randomUUID());
        RestoreRequested wrongKey = new RestoreSignatures("some-other-key-some-other-key-12345".getBytes(
                StandardCharsets.UTF_8)).signed(withSignature(valid, null, UUID.randomUUID()));
        RestoreRequested disallowed = SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                db.name(), "media", UUID.randomUUID(), null, valid.key(), "postgres", RestoreMode.RESTORE, false,
                "it", null));
        RestoreRequested injected = SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                db.name(), "media; drop schema media cascade", UUID.randomUUID(), null, valid.key(), null,
                RestoreMode.RESTORE, false, "it", null));
        RestoreRequested otherSchemasKey = SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                db.name(), "user", UUID.randomUUID(), null, valid.key(), null, RestoreMode.RESTORE, false, "it",
                null));

        for (RestoreRequested bad : new RestoreRequested[] {unsigned, wrongKey, disallowed, injected,
                otherSchemasKey}) {
            send(bad);
            RestoreRejected rejected = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                    bad.restoreId(), TIMEOUT);
            assertThat(rejected.reason()).isNotBlank();
        }
        assertThat(db.queryLong("select count(*) from pg_tables where schemaname = 'media' and tablename = 'files'"))
                .isZero();
        assertThat(events.deadLetters()).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void verifyPassesOnAGoodBackupAndNamesTheTableWhenRecordedCountsDiffer() throws Exception {
        BackupCompleted good = aBackupOf(db, "notification", store, Instant.now().minusSeconds(600));
        RestoreRequested verify = send(aRestore(good, RestoreMode.VERIFY));
        RestoreVerified verified = events.await(RestoreVerified.class, RestoreVerified::restoreId,
                verify.restoreId(), TIMEOUT);
        assertThat(verified.checks()).allMatch(TableCheck::matches).hasSize(good.tableRowCounts().size());

        BackupCompleted bad = aBackupOf(db, "notification", store, Instant.now().minusSeconds(700));
        Map<String, Long> wrong = new HashMap<>(bad.tableRowCounts());
        wrong.put("deliveries", wrong.get("deliveries") - 1);
        ArchiveFixtures.writeRecord(store, withCounts(bad, wrong));
        RestoreRequested verifyBad = send(aRestore(bad, RestoreMode.VERIFY));

        RestoreFailed failed = events.await(RestoreFailed.class, RestoreFailed::restoreId, verifyBad.restoreId(),
                TIMEOUT);
        assertThat(failed.reason()).contains("deliveries").doesNotContain("templates");
        assertThat(db.queryLong("select count(*) from pg_database where datname like 'restore_verify_%'")).isZero();
    }

    @Test
    void findsTheBackupByItsIdAloneOrAsTheNewestAtOrBeforeATime() throws Exception {
        db.execute("CREATE SCHEMA timeline", "CREATE TABLE timeline.ticks(id int primary key)",
                "INSERT INTO timeline.ticks SELECT generate_series(1, 10)");
        BackupCompleted first = aBackupOf(db, "timeline", store, Instant.now().minusSeconds(1000));
        Instant between = Instant.now();
        await().until(() -> Instant.now().isAfter(between)); // the second backup finishes strictly later
        db.execute("INSERT INTO timeline.ticks SELECT generate_series(11, 25)");
        BackupCompleted second = aBackupOf(db, "timeline", store, Instant.now().minusSeconds(900));
        db.execute("INSERT INTO timeline.ticks SELECT generate_series(26, 40)");

        RestoreRequested asOf = send(SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                db.name(), "timeline", UUID.randomUUID(), null, null, null, RestoreMode.RESTORE, false, "it", null,
                null, between, null)));
        RestoreCompleted restoredFirst = events.await(RestoreCompleted.class, RestoreCompleted::restoreId,
                asOf.restoreId(), TIMEOUT);
        assertThat(restoredFirst.backupId()).isEqualTo(first.backupId());
        assertThat(db.queryLong("select count(*) from timeline.ticks")).isEqualTo(10);

        RestoreRequested byId = send(SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                db.name(), "timeline", UUID.randomUUID(), second.backupId(), null, null, RestoreMode.RESTORE,
                false, "it", null)));
        RestoreCompleted restoredSecond = events.await(RestoreCompleted.class, RestoreCompleted::restoreId,
                byId.restoreId(), TIMEOUT);
        assertThat(restoredSecond.key()).isEqualTo(second.objects().get(0).key());
        assertThat(db.queryLong("select count(*) from timeline.ticks")).isEqualTo(25);

        RestoreRequested unknown = send(SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                db.name(), "timeline", UUID.randomUUID(), UUID.randomUUID(), null, null, RestoreMode.RESTORE,
                false, "it", null)));
        RestoreRejected rejected = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                unknown.restoreId(), TIMEOUT);
        assertThat(rejected.code()).isEqualTo(RestoreRejected.ARCHIVE_UNAVAILABLE);
        assertThat(rejected.reason()).contains("no record of backup");
    }

    @Test
    void refusesToDropDependentObjectsOfOtherSchemasUnlessForcedAndThenRecreatesThem() throws Exception {
        db.execute("CREATE SCHEMA ledger", "CREATE TABLE ledger.entries(id int primary key, amount int)",
                "INSERT INTO ledger.entries SELECT g, g FROM generate_series(1, 50) g");
        BackupCompleted backup = aBackupOf(db, "ledger", store, Instant.now().minusSeconds(1100));
        db.execute("CREATE SCHEMA ledger_reports",
                "CREATE VIEW ledger_reports.totals AS SELECT sum(amount) AS total FROM ledger.entries",
                "DELETE FROM ledger.entries WHERE id > 40");

        RestoreRequested plain = send(aRestore(backup, RestoreMode.RESTORE));
        RestoreRejected refused = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                plain.restoreId(), TIMEOUT);
        assertThat(refused.code()).isEqualTo(RestoreRejected.DEPENDENTS);
        assertThat(refused.reason()).contains("ledger_reports.totals");
        assertThat(db.queryLong("select count(*) from ledger.entries")).isEqualTo(40);

        RestoreRequested c = aRestore(backup, RestoreMode.RESTORE);
        RestoreRequested forced = send(SIGNER.signed(new RestoreRequested(c.eventId(), c.occurredAt(),
                c.database(), c.schema(), c.restoreId(), c.backupId(), c.key(), null, RestoreMode.RESTORE, false,
                "it", null, true, null, null)));
        RestoreCompleted done = events.await(RestoreCompleted.class, RestoreCompleted::restoreId,
                forced.restoreId(), TIMEOUT);
        assertThat(db.queryLong("select count(*) from ledger.entries")).isEqualTo(50);
        assertThat(db.queryLong("select total from ledger_reports.totals")).isEqualTo(1275);
        assertThat(done.dependents()).singleElement().satisfies(view -> {
            assertThat(view.schema()).isEqualTo("ledger_reports");
            assertThat(view.name()).isEqualTo("totals");
            assertThat(view.kind()).isEqualTo("view");
            assertThat(view.status()).isEqualTo(DependentObject.RECREATED);
        });
    }

    @Test
    void restoresAllSixSchemasIntoANewEmptyDatabase() throws Exception {
        Map<String, BackupCompleted> backups = new HashMap<>();
        int n = 0;
        for (String schema : SixSchemas.NAMES) {
            backups.put(schema, aBackupOf(db, schema, store, Instant.now().minusSeconds(2000 + n++)));
        }
        UUID batch = UUID.randomUUID();

        Map<String, RestoreRequested> commands = new HashMap<>();
        for (String schema : SixSchemas.NAMES) {
            commands.put(schema, send(SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                    db.name(), schema, UUID.randomUUID(), null, null, disasterTarget.name(), RestoreMode.RESTORE,
                    null, "it", null, null, null, batch))));
        }

        for (String schema : SixSchemas.NAMES) {
            RestoreCompleted done = events.await(RestoreCompleted.class, RestoreCompleted::restoreId,
                    commands.get(schema).restoreId(), TIMEOUT);
            assertThat(done.backupId()).as(schema).isEqualTo(backups.get(schema).backupId());
            assertThat(disasterTarget.rowCounts(schema)).as(schema)
                    .isEqualTo(backups.get(schema).tableRowCounts());
        }
    }

    @Test
    void theOperatorsScriptPrintsTheStepWhileItWaitsAndThenTheResult() throws Exception {
        db.execute("CREATE SCHEMA watched", "CREATE TABLE watched.items(id int primary key)",
                "INSERT INTO watched.items SELECT generate_series(1, 50)");
        BackupCompleted backup = aBackupOf(db, "watched", store, Instant.now().minusSeconds(1100));
        StringBuffer output = new StringBuffer();
        Process script;
        try (Connection holder = db.connect()) {
            // A reader's lock holds the replace in its RESTORING step for as long as this test wants.
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE watched.items IN ACCESS SHARE MODE");
            }
            script = requestRestore(output, "--no-safety-backup", "watched", backup.objects().get(0).key(),
                    db.name());
            await().atMost(TIMEOUT).until(() -> output.toString().contains(": RESTORING (running"));
            holder.rollback();
        }

        assertThat(script.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(output.toString()).isTrue();
        assertThat(script.exitValue()).as(output.toString()).isZero();
        assertThat(output.toString()).contains("MB verified)").contains("\"checks\"").endsWith(": done\n");
        assertThat(db.rowCounts("watched")).isEqualTo(backup.tableRowCounts());
    }

    /** bin/request-restore as an operator runs it, waiting, against this worker; its output collects in out. */
    private static Process requestRestore(StringBuffer out, String... args) throws Exception {
        Path script = RepositoryRoot.containing("bin/request-restore").resolve("bin/request-restore");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("RESTORE_SIGNING_KEY", KEY_TEXT);
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers());
        pb.environment().put("KAFKA_CLIENT_CONFIG", TestKafka.clientConfigFile("operator").toString());
        pb.environment().put("RESTORE_WORKER_URL",
                "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port"));
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.append(line).append('\n');
                }
            } catch (IOException e) {
                out.append("(output lost: ").append(e).append(")\n");
            }
        }, "request-restore-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private static RestoreRequested aRestore(BackupCompleted backup, RestoreMode mode) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(), backup.database(),
                backup.schema(), UUID.randomUUID(), backup.backupId(), backup.objects().get(0).key(), null, mode,
                false, "integration-test", null));
    }

    private static RestoreRequested withSignature(RestoreRequested c, String signature, UUID restoreId) {
        return new RestoreRequested(UUID.randomUUID(), c.occurredAt(), c.database(), c.schema(), restoreId,
                c.backupId(), c.key(), c.targetDatabase(), c.mode(), c.safetyBackup(), c.requestedBy(), signature);
    }

    private static BackupCompleted withCounts(BackupCompleted c, Map<String, Long> counts) {
        return new BackupCompleted(c.eventId(), c.occurredAt(), c.database(), c.schema(), c.requestId(),
                c.backupId(), c.tiers(), c.objects(), c.store(), c.sizeBytes(), c.sha256(), c.compression(),
                c.format(), c.startedAt(), c.finishedAt(), c.serverVersion(), c.toolVersion(), counts);
    }

    private static RestoreRequested send(RestoreRequested command) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.RESTORE_REQUESTED, command.messageKey(),
                    new EventCodec().encode(command))).get(30, TimeUnit.SECONDS);
        }
        return command;
    }
}
