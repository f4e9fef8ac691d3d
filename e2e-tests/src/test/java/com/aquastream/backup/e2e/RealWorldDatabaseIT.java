package com.aquastream.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.RealWorldSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
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
 * An ordinary application database through the running system (real backup-worker and restore-worker, Kafka,
 * PostgreSQL, filesystem store): names that need quoting, partitions, a materialized view, an enum, cross-schema
 * foreign keys in both directions, NULLs, non-ASCII text and incompressible bytes ({@link RealWorldSchemas}).
 */
class RealWorldDatabaseIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String SIGNING_KEY = "e2e-signing-key-0123456789abcdefghijklmnop";
    private static final RestoreSignatures SIGNER =
            new RestoreSignatures(SIGNING_KEY.getBytes(StandardCharsets.UTF_8));
    @TempDir
    static Path storeRoot;

    static TestDatabase source;
    static TestDatabase empty;
    static WorkerInstance backupWorker;
    static RestoreWorkerInstance restoreWorker;
    static EventCollector events;

    @BeforeAll
    static void start() throws Exception {
        source = TestDatabases.create();
        RealWorldSchemas.create(source);
        empty = TestDatabases.create();
        events = new EventCollector(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.RESTORE_COMPLETED,
                Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED);
        backupWorker = WorkerInstance.start(Map.of(
                "backup.worker.databases." + source.name(), String.join(",", RealWorldSchemas.NAMES),
                "backup.platform.store.type", "filesystem",
                "backup.platform.store.filesystem-root", storeRoot.toString()));
        restoreWorker = RestoreWorkerInstance.start(Map.of(
                "restore.signing-key", SIGNING_KEY,
                "restore.allowed-databases", source.name() + "," + empty.name(),
                "backup.platform.store.type", "filesystem",
                "backup.platform.store.filesystem-root", storeRoot.toString(),
                "backup.platform.consumer.redelivery-backoff", "1s"));
    }

    @AfterAll
    static void stop() {
        if (restoreWorker != null) {
            restoreWorker.close();
        }
        if (backupWorker != null) {
            backupWorker.close();
        }
        if (events != null) {
            events.close();
        }
        for (TestDatabase db : new TestDatabase[] {source, empty}) {
            if (db != null) {
                db.close();
            }
        }
    }

    @Test
    void backsUpWithExactCountsAndRestoresAllIntoAnEmptyDatabaseWithEqualCounts() throws Exception {
        BackupCompleted user = backUp("user");
        BackupCompleted crew = backUp("crew");
        assertThat(user.tableRowCounts()).isEqualTo(RealWorldSchemas.expectedRowCounts("user"));
        assertThat(crew.tableRowCounts()).isEqualTo(RealWorldSchemas.expectedRowCounts("crew"));
        assertThat(user.sizeBytes()).as("random bytes do not compress")
                .isGreaterThan((long) RealWorldSchemas.BLOBS * RealWorldSchemas.BLOB_BYTES);

        // A restore-all: one command per schema, one batch; the referencing schema's command arrives first.
        UUID batch = UUID.randomUUID();
        RestoreRequested crewRestore = restore(crew, empty.name(), RestoreMode.RESTORE, batch);
        RestoreRequested userRestore = restore(user, empty.name(), RestoreMode.RESTORE, batch);

        events.await(RestoreCompleted.class, RestoreCompleted::restoreId, crewRestore.restoreId(), TIMEOUT);
        events.await(RestoreCompleted.class, RestoreCompleted::restoreId, userRestore.restoreId(), TIMEOUT);
        assertThat(failuresOf(crewRestore, userRestore)).isEmpty();
        for (String schema : RealWorldSchemas.NAMES) {
            assertThat(empty.rowCounts(schema)).as(schema).isEqualTo(source.rowCounts(schema));
        }
        assertThat(empty.queryLong("select count(*) from pg_constraint where conname = 'members_account_id_fkey'"))
                .isEqualTo(1);
        String blobs = "select md5(string_agg(md5(data), '' order by id)) from \"user\".blobs";
        assertThat(empty.queryString(blobs)).isEqualTo(source.queryString(blobs));
        String text = "select string_agg(coalesce(\"select\", '∅') || coalesce(\"quote\"\"d\", '∅'), '|' order by id)"
                + " from \"user\".\"audit log\"";
        assertThat(empty.queryString(text)).isEqualTo(source.queryString(text));
    }

    @Test
    void verifiesASchemaWithAForeignKeyIntoAnotherSchema() throws Exception {
        backUp("user");
        BackupCompleted crew = backUp("crew");

        RestoreRequested drill = restore(crew, source.name(), RestoreMode.VERIFY, null);

        RestoreVerified verified = events.await(RestoreVerified.class, RestoreVerified::restoreId,
                drill.restoreId(), TIMEOUT);
        assertThat(verified.checks()).allSatisfy(check -> assertThat(check.found()).isEqualTo(check.expected()));
        assertThat(verified.checks()).extracting(check -> check.table())
                .containsExactlyInAnyOrderElementsOf(RealWorldSchemas.expectedRowCounts("crew").keySet());
    }

    private List<Event> failuresOf(RestoreRequested... commands) {
        List<UUID> ids = java.util.Arrays.stream(commands).map(RestoreRequested::restoreId).toList();
        List<Event> failures = new java.util.ArrayList<>();
        failures.addAll(events.events(RestoreFailed.class, f -> ids.contains(f.restoreId())));
        failures.addAll(events.events(RestoreRejected.class, r -> ids.contains(r.restoreId())));
        return failures;
    }

    private static BackupCompleted backUp(String schema) throws Exception {
        UUID requestId = UUID.randomUUID();
        send(new BackupRequested(UUID.randomUUID(), Instant.now(), source.name(), schema, requestId,
                List.of(Tier.MANUAL), Trigger.MANUAL, "e2e", null));
        await().atMost(TIMEOUT).until(() -> !events.of(BackupCompleted.class, BackupCompleted::requestId, requestId)
                .isEmpty() || !events.of(BackupFailed.class, BackupFailed::requestId, requestId).isEmpty());
        assertThat(events.of(BackupFailed.class, BackupFailed::requestId, requestId)).isEmpty();
        return events.of(BackupCompleted.class, BackupCompleted::requestId, requestId).get(0);
    }

    private static RestoreRequested restore(BackupCompleted backup, String target, RestoreMode mode, UUID batch)
            throws Exception {
        return send(SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(), backup.database(),
                backup.schema(), UUID.randomUUID(), backup.backupId(), backup.objects().get(0).key(), target, mode,
                false, "e2e", null, null, null, batch)));
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
