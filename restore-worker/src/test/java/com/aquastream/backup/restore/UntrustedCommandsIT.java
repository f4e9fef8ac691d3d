package com.aquastream.backup.restore;

import static com.aquastream.backup.restore.ArchiveFixtures.aBackupOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.store.ObjectKeys;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The bus and the store as an attacker sees them (DESIGN.md, Security), through the real restore-worker with real
 * Kafka, PostgreSQL and a filesystem store: a signed command read back and sent again, a stale command, a command
 * bound to other bytes, and an archive crafted to make psql run a shell command.
 */
class UntrustedCommandsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY_TEXT = "integration-test-signing-key-0123456789";
    private static final RestoreSignatures SIGNER = new RestoreSignatures(KEY_TEXT.getBytes(StandardCharsets.UTF_8));
    private static final EventCodec CODEC = new EventCodec();

    @TempDir
    static Path storeRoot;

    static TestDatabase db;
    static FilesystemObjectStore store;
    static EventCollector events;
    static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        db = TestDatabases.create();
        store = new FilesystemObjectStore(storeRoot);
        events = new EventCollector(Topics.RESTORE_COMPLETED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED,
                Topics.RESTORE_VERIFIED);
        worker = RestoreWorkerInstance.start(KEY_TEXT, db.name(), storeRoot);
    }

    @AfterAll
    static void stop() {
        worker.close();
        events.close();
        db.close();
    }

    @Test
    void runsARestoreOnceAndAnswersTheSameCommandSentAgainReplayedTouchingNothing() throws Exception {
        BackupCompleted backup = aBackupOf(db, givenASchema("replayed"), store, Instant.now().minusSeconds(60));
        RestoreRequested command = send(aRestore(backup));
        events.await(RestoreCompleted.class, RestoreCompleted::restoreId, command.restoreId(), TIMEOUT);
        db.execute("CREATE TABLE replayed.created_after_the_restore(id int)", "INSERT INTO replayed.things VALUES (99)");

        send(command);

        RestoreRejected replayed = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                command.restoreId(), TIMEOUT);
        assertThat(replayed.code()).isEqualTo(RestoreRejected.REPLAYED);
        assertThat(db.queryLong("select count(*) from pg_tables where schemaname = 'replayed'"
                + " and tablename = 'created_after_the_restore'")).isOne();
        assertThat(db.queryLong("select count(*) from replayed.things")).isEqualTo(4);
        assertThat(store.list("")).noneMatch(k -> k.startsWith(ObjectKeys.RESTORE_LEDGER));
        assertThat(store.list(ObjectKeys.RESTORE_LEDGER)).contains(ObjectKeys.RESTORE_LEDGER + command.restoreId());
        assertThat(events.of(RestoreCompleted.class, RestoreCompleted::restoreId, command.restoreId())).hasSize(1);
    }

    @Test
    void rejectsACommandIssuedLongerAgoThanTheMaximumAgeAsExpired() throws Exception {
        BackupCompleted backup = aBackupOf(db, givenASchema("stale"), store, Instant.now().minusSeconds(60));
        db.execute("CREATE TABLE stale.created_after_the_backup(id int)");

        RestoreRequested command = send(aRestore(backup, Instant.now().minus(Duration.ofMinutes(20))));

        RestoreRejected expired = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                command.restoreId(), TIMEOUT);
        assertThat(expired.code()).isEqualTo(RestoreRejected.EXPIRED);
        assertThat(expired.reason()).contains("restore.max-command-age");
        assertThat(db.queryLong("select count(*) from pg_tables where schemaname = 'stale'"
                + " and tablename = 'created_after_the_backup'")).isOne();
    }

    @Test
    void refusesAnArchiveWhoseBytesAreNotTheOnesTheCommandWasSignedFor() throws Exception {
        BackupCompleted backup = aBackupOf(db, givenASchema("bound"), store, Instant.now().minusSeconds(60));
        db.execute("CREATE TABLE bound.created_after_the_backup(id int)");
        String otherBytes = "0123456789abcdef".repeat(4);

        RestoreRequested command = send(SIGNER.signed(aRestore(backup).withSha256(otherBytes)));

        RestoreRejected refused = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                command.restoreId(), TIMEOUT);
        assertThat(refused.code()).isEqualTo(RestoreRejected.CHECKSUM_MISMATCH);
        assertThat(refused.reason()).contains(backup.sha256()).contains(otherBytes);
        assertThat(db.queryLong("select count(*) from pg_tables where schemaname = 'bound'"
                + " and tablename = 'created_after_the_backup'")).isOne();
    }

    @Test
    void restoresACommandBoundToTheArchivesOwnBytes() throws Exception {
        BackupCompleted backup = aBackupOf(db, givenASchema("bound_ok"), store, Instant.now().minusSeconds(60));
        db.execute("CREATE TABLE bound_ok.created_after_the_backup(id int)");

        RestoreRequested command = send(SIGNER.signed(aRestore(backup).withSha256(backup.sha256())));

        events.await(RestoreCompleted.class, RestoreCompleted::restoreId, command.restoreId(), TIMEOUT);
        assertThat(db.queryLong("select count(*) from pg_tables where schemaname = 'bound_ok'"
                + " and tablename = 'created_after_the_backup'")).isZero();
    }

    @Test
    void runsNoShellCommandOfACraftedArchiveAndFailsTheRestoreSayingWhy() throws Exception {
        Path pwned = Path.of(System.getProperty("java.io.tmpdir"), "pwned-" + UUID.randomUUID());
        String schema = givenASchema("crafted");
        db.execute("COMMENT ON TABLE crafted.things IS '" + "P".repeat(200) + "'");
        BackupCompleted backup = givenACraftedArchive(aBackupOf(db, schema, store, Instant.now().minusSeconds(60)),
                "';\n\\! touch " + pwned + "\nSELECT '");
        assertThat(plainSqlOf(backup)).as("the meta-command reaches psql at the start of a line, outside quotes")
                .contains("\nCOMMENT ON TABLE crafted.things IS '';\n\\! touch " + pwned + "\nSELECT 'PPP");
        db.execute("CREATE TABLE crafted.created_after_the_backup(id int)");

        RestoreRequested command = send(aRestore(backup));

        RestoreFailed failed = events.await(RestoreFailed.class, RestoreFailed::restoreId, command.restoreId(),
                TIMEOUT);
        assertThat(failed.reason()).contains("the archive's SQL holds a psql meta-command")
                .contains("backslash commands are restricted");
        assertThat(pwned).doesNotExist();
        assertThat(db.queryLong("select count(*) from pg_tables where schemaname = 'crafted'"
                + " and tablename = 'created_after_the_backup'")).isOne();
    }

    @Test
    void runsNoShellCommandOfACraftedArchiveRestoredIntoAnAbsentSchemaEither() throws Exception {
        Path pwned = Path.of(System.getProperty("java.io.tmpdir"), "pwned-" + UUID.randomUUID());
        String schema = givenASchema("crafted_absent");
        db.execute("COMMENT ON TABLE crafted_absent.things IS '" + "P".repeat(200) + "'");
        BackupCompleted backup = givenACraftedArchive(aBackupOf(db, schema, store, Instant.now().minusSeconds(60)),
                "';\n\\! touch " + pwned + "\nSELECT '");
        db.execute("DROP SCHEMA crafted_absent CASCADE");

        RestoreRequested command = send(aRestore(backup));

        events.await(RestoreFailed.class, RestoreFailed::restoreId, command.restoreId(), TIMEOUT);
        assertThat(pwned).doesNotExist();
        assertThat(db.queryLong("select count(*) from pg_namespace where nspname = 'crafted_absent'")).isZero();
    }

    /** A schema with one table of three rows. */
    private static String givenASchema(String name) {
        db.execute("CREATE SCHEMA " + name, "CREATE TABLE " + name + ".things(id int primary key)",
                "INSERT INTO " + name + ".things VALUES (1), (2), (3)");
        return name;
    }

    /**
     * What someone who can write the store makes of a real archive: the 200 {@code P}s of a table comment in the
     * archive's table of contents (stored uncompressed, so a same-length edit keeps every offset) replaced by
     * {@code payload}, the object re-compressed, and its sidecar and record rewritten to match.
     */
    private static BackupCompleted givenACraftedArchive(BackupCompleted backup, String payload) throws Exception {
        String key = backup.objects().get(0).key();
        byte[] dump = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(storeRoot.resolve(key))))
                .readAllBytes();
        byte[] placeholder = "P".repeat(200).getBytes(StandardCharsets.US_ASCII);
        byte[] replacement = (payload + "P".repeat(200 - payload.length())).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(dump, placeholder);
        assertThat(at).as("the comment in the archive's table of contents").isNotNegative();
        System.arraycopy(replacement, 0, dump, at, replacement.length);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(dump);
        }
        byte[] crafted = gzipped.toByteArray();
        String sha256 = Sha256.of(crafted);
        store.put(key, new ByteArrayInputStream(crafted));
        store.put(key + ".sha256", new ByteArrayInputStream(Sidecars.format(sha256, key)
                .getBytes(StandardCharsets.UTF_8)));
        BackupCompleted recorded = new BackupCompleted(backup.eventId(), backup.occurredAt(), backup.database(),
                backup.schema(), backup.requestId(), backup.backupId(), backup.tiers(), backup.objects(),
                backup.store(), (long) crafted.length, sha256, backup.compression(), backup.format(),
                backup.startedAt(), backup.finishedAt(), backup.serverVersion(), backup.toolVersion(),
                backup.tableRowCounts());
        ArchiveFixtures.writeRecord(store, recorded);
        return recorded;
    }

    /** The archive's SQL as pg_restore writes it for psql. */
    private static String plainSqlOf(BackupCompleted backup) throws Exception {
        Path dump = Files.createTempFile("crafted", ".dump");
        try {
            Files.write(dump, new GZIPInputStream(new ByteArrayInputStream(
                    Files.readAllBytes(storeRoot.resolve(backup.objects().get(0).key())))).readAllBytes());
            Process p = new ProcessBuilder("pg_restore", "-f", "-", dump.toString()).start();
            String sql = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return sql;
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static RestoreRequested aRestore(BackupCompleted backup) {
        return aRestore(backup, Instant.now());
    }

    private static RestoreRequested aRestore(BackupCompleted backup, Instant occurredAt) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), occurredAt, backup.database(),
                backup.schema(), UUID.randomUUID(), backup.backupId(), backup.objects().get(0).key(), null,
                RestoreMode.RESTORE, false, "integration-test", null));
    }

    private static RestoreRequested send(RestoreRequested command) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.RESTORE_REQUESTED, command.messageKey(),
                    CODEC.encode(command))).get(30, TimeUnit.SECONDS);
        }
        return command;
    }
}
