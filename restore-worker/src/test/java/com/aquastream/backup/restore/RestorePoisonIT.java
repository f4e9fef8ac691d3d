package com.aquastream.backup.restore;

import static com.aquastream.backup.restore.ArchiveFixtures.aBackupOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.consumer.DeadLetterPublisher;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * No command can jam its partition: a restore whose archive cannot be read (the disk answers EIO, as for a bad
 * sector) fails on every delivery; it sits in front of a good restore of the same schema, so on the same partition.
 * It is given up on after its bounded attempts with {@code restore.failed} and a dead letter, the schema is left as
 * it was, and the restore behind it completes.
 */
class RestorePoisonIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String KEY_TEXT = "integration-test-signing-key-0123456789";
    private static final RestoreSignatures SIGNER = new RestoreSignatures(KEY_TEXT.getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path storeRoot;

    static TestDatabase db;
    static FilesystemObjectStore store;
    static EventCollector events;
    static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        db = TestDatabases.create();
        SixSchemas.populate(db, 50);
        store = new FilesystemObjectStore(storeRoot);
        events = new EventCollector(Topics.RESTORE_COMPLETED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED,
                Topics.deadLetterOf(Topics.RESTORE_REQUESTED));
        worker = RestoreWorkerInstance.start(KEY_TEXT, db.name(), storeRoot,
                "--backup.platform.consumer.redelivery-backoff=500ms", "--backup.platform.consumer.max-attempts=3");
    }

    @AfterAll
    static void stop() {
        worker.close();
        events.close();
        db.close();
    }

    @Test
    void anUnreadableArchiveEndsInRestoreFailedAndADeadLetterAndTheRestoreBehindItCompletes() throws Exception {
        BackupCompleted unreadable = aBackupOf(db, "media", store, Instant.now().minusSeconds(200));
        BackupCompleted good = aBackupOf(db, "media", store, Instant.now().minusSeconds(100));
        givenTheDiskCannotRead(unreadable.objects().get(0).key());
        db.execute("INSERT INTO media.albums SELECT 900000 + g, 'after the backups', now(), 1, '{}', null"
                + " FROM generate_series(1, 3) g");
        Map<String, Long> before = db.rowCounts("media");

        RestoreRequested poison = send(aRestore(unreadable));
        RestoreRequested behind = send(aRestore(good));

        RestoreFailed failed = events.await(RestoreFailed.class, RestoreFailed::restoreId, poison.restoreId(),
                TIMEOUT);
        assertThat(failed.reason()).startsWith("failed 3 times, giving up: ").contains("Input/output error")
                .endsWith(db.name() + ".media is as it was before");
        assertThat(db.rowCounts("media")).isEqualTo(before);
        await().atMost(TIMEOUT).until(() -> !events.deadLetters().isEmpty());
        ConsumerRecord<String, byte[]> dead = events.deadLetters().get(0);
        assertThat(new EventCodec().decode(dead.value(), RestoreRequested.class).restoreId())
                .isEqualTo(poison.restoreId());
        assertThat(EventCollector.header(dead, DeadLetterPublisher.EXCEPTION_MESSAGE))
                .contains("Input/output error");

        events.await(RestoreCompleted.class, RestoreCompleted::restoreId, behind.restoreId(), TIMEOUT);
        assertThat(db.rowCounts("media")).isEqualTo(good.tableRowCounts());
        assertThat(events.of(RestoreFailed.class, RestoreFailed::restoreId, poison.restoreId())).hasSize(1);
    }

    /** The archive's file becomes a link to this process's memory file: it opens, but reading fails with EIO. */
    private static void givenTheDiskCannotRead(String key) throws Exception {
        Path file = storeRoot.resolve(key);
        Files.delete(file);
        Files.createSymbolicLink(file, Paths.get("/proc/self/mem"));
    }

    private static RestoreRequested aRestore(BackupCompleted backup) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(), backup.database(),
                backup.schema(), UUID.randomUUID(), backup.backupId(), backup.objects().get(0).key(), null,
                RestoreMode.RESTORE, false, "integration-test", null));
    }

    private static RestoreRequested send(RestoreRequested command) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.RESTORE_REQUESTED, command.messageKey(),
                    new EventCodec().encode(command))).get(30, TimeUnit.SECONDS);
        }
        return command;
    }
}
