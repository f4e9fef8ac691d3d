package com.aquastream.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

/**
 * Every restore can be undone (DESIGN.md invariant 5): the real restore-worker asks the real backup-worker for a
 * PRE_RESTORE backup before replacing a schema, and restoring that backup brings back exactly what the restore
 * replaced — rows written after the original backup and a table created since.
 */
class SafetyBackupUndoIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String SIGNING_KEY = "e2e-signing-key-0123456789abcdefghijklmnop";
    private static final RestoreSignatures SIGNER =
            new RestoreSignatures(SIGNING_KEY.getBytes(StandardCharsets.UTF_8));
    @TempDir
    static Path storeRoot;

    static TestDatabase db;
    static WorkerInstance backupWorker;
    static RestoreWorkerInstance restoreWorker;
    static EventCollector events;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.create();
        SixSchemas.populate(db, 50);
        events = new EventCollector(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.RESTORE_COMPLETED,
                Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED);
        backupWorker = WorkerInstance.start(Map.of(
                "backup.worker.databases." + db.name(), String.join(",", SixSchemas.NAMES),
                "backup.platform.store.type", "filesystem",
                "backup.platform.store.filesystem-root", storeRoot.toString()));
        restoreWorker = RestoreWorkerInstance.start(Map.of(
                "restore.signing-key", SIGNING_KEY,
                "restore.allowed-databases", db.name(),
                "backup.platform.store.type", "filesystem",
                "backup.platform.store.filesystem-root", storeRoot.toString()));
    }

    @AfterAll
    static void stop() {
        if (restoreWorker != null) {
            restoreWorker.close();
        }
        if (backupWorker != null) {
            backupWorker.close();
        }
        events.close();
        db.close();
    }

    @Test
    void restoringThePreRestoreBackupUndoesTheRestore() throws Exception {
        BackupCompleted original = backUp("crew");
        db.execute("INSERT INTO crew.crews SELECT 700000 + g, 'written after the backup', now(), 1, '{}', null"
                        + " FROM generate_series(1, 7) g",
                "CREATE TABLE crew.added_later(id int primary key)", "INSERT INTO crew.added_later VALUES (1), (2)");
        Map<String, Long> beforeRestore = db.rowCounts("crew");
        String fingerprint = "select md5(string_agg(c::text, ',' order by c.id)) from crew.crews c";
        String crewsBeforeRestore = db.queryString(fingerprint);

        RestoreRequested restore = send(SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                db.name(), "crew", UUID.randomUUID(), original.backupId(), original.objects().get(0).key(), null,
                RestoreMode.RESTORE, null, "e2e", null)));
        events.await(RestoreCompleted.class, RestoreCompleted::restoreId, restore.restoreId(), TIMEOUT);
        assertThat(db.rowCounts("crew")).isEqualTo(original.tableRowCounts());

        BackupCompleted safety = events.events(BackupCompleted.class,
                c -> c.database().equals(db.name()) && c.schema().equals("crew")
                        && c.tiers().contains(Tier.PRE_RESTORE)).stream().findFirst().orElseThrow();
        assertThat(safety.tableRowCounts()).isEqualTo(beforeRestore);
        assertThat(Files.exists(storeRoot.resolve(safety.objects().get(0).key()))).isTrue();

        RestoreRequested undo = send(SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                db.name(), "crew", UUID.randomUUID(), safety.backupId(), safety.objects().get(0).key(), null,
                RestoreMode.RESTORE, false, "e2e", null)));
        events.await(RestoreCompleted.class, RestoreCompleted::restoreId, undo.restoreId(), TIMEOUT);
        assertThat(db.rowCounts("crew")).isEqualTo(beforeRestore).containsEntry("added_later", 2L);
        assertThat(db.queryString(fingerprint)).isEqualTo(crewsBeforeRestore);
    }

    private static BackupCompleted backUp(String schema) throws Exception {
        UUID requestId = UUID.randomUUID();
        send(new BackupRequested(UUID.randomUUID(), Instant.now(), db.name(), schema, requestId,
                List.of(Tier.MANUAL), Trigger.MANUAL, "e2e", null));
        return events.await(BackupCompleted.class, BackupCompleted::requestId, requestId, TIMEOUT);
    }

    private static <T extends Event> T send(T event) throws Exception {
        String topic = event instanceof RestoreRequested ? Topics.RESTORE_REQUESTED : Topics.BACKUP_REQUESTED;
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(topic, event.messageKey(), new EventCodec().encode(event)))
                    .get(30, TimeUnit.SECONDS);
        }
        return event;
    }
}
