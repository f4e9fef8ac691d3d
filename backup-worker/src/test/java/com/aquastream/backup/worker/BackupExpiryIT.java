package com.aquastream.backup.worker;

import static com.aquastream.backup.worker.WorkerFixtures.aManualRequest;
import static com.aquastream.backup.worker.WorkerFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.consumer.DeadLetterPublisher;
import com.aquastream.backup.core.security.ExpirySignatures;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Topics;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker, owner of the primary store, deletes what the catalog's retention expired, and nothing else: only a
 * {@code backup.expired} signed with the catalog's expiry key, of an unpinned backup, never the newest of a tier.
 */
class BackupExpiryIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY = "backup-expiry-it-key-0123456789abcdef";
    private static final ExpirySignatures CATALOG = new ExpirySignatures("expiry-1",
            KEY.getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path store;

    @Test
    void deletesOnlyWhatASignedExpiryOfAnUnpinnedOlderBackupNamesManifestFirst() throws Exception {
        try (TestDatabase source = TestDatabases.create();
             EventCollector events = new EventCollector(Topics.BACKUP_COMPLETED,
                     Topics.deadLetterOf(Topics.BACKUP_EXPIRED))) {
            SixSchemas.populate(source, 20);
            try (WorkerInstance worker = WorkerInstance.start(withKey(WorkerFixtures.workerFor(source.name(),
                    store)))) {
                BackupCompleted older = backUp(events, WorkerFixtures.aManualRequestAt(source.name(), "user",
                        Instant.now().minusSeconds(120)));
                BackupCompleted newest = backUp(events, aManualRequest(source.name(), "user"));
                BackupCompleted other = backUp(events, WorkerFixtures.aManualRequestAt(source.name(), "event",
                        Instant.now().minusSeconds(60)));
                Path olderObject = store.resolve(older.objects().get(0).key());

                BackupExpired unsigned = anExpiryOf(older, "retention: forged by anyone who can write the topic");
                BackupExpired wronglySigned = new ExpirySignatures("expiry-1",
                        "a-guess-at-the-catalogs-key-0123456789".getBytes(StandardCharsets.UTF_8))
                        .signed(anExpiryOf(older, "retention: signed with a guessed key"));
                BackupExpired signedButAltered = withObjects(CATALOG.signed(anExpiryOf(older, "retention")),
                        newest.objects());
                BackupExpired ofThePinned = CATALOG.signed(pinned(anExpiryOf(older, "a faulty catalog")));
                BackupExpired ofTheNewest = CATALOG.signed(anExpiryOf(newest, "a faulty catalog: the newest"));
                BackupExpired ofAnotherSchema = CATALOG.signed(new BackupExpired(UUID.randomUUID(), Instant.now(),
                        source.name(), "user", other.backupId(), other.objects(), "another schema's key", false,
                        null, null));
                List<BackupExpired> refused = List.of(unsigned, wronglySigned, signedButAltered, ofThePinned,
                        ofTheNewest, ofAnotherSchema);
                for (BackupExpired expiry : refused) {
                    publish(expiry);
                }
                publish(CATALOG.signed(anExpiryOf(older, "retention: beyond the newest 1 MANUAL")));

                // All of one schema's expiries are on one partition, in order: the good one is applied last.
                await().atMost(TIMEOUT).until(() -> !Files.exists(olderObject));
                assertThat(sibling(olderObject, ".manifest.json")).doesNotExist();
                assertThat(sibling(olderObject, ".sha256")).doesNotExist();
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deadLettered(events, source.name()).keySet())
                        .containsExactlyInAnyOrderElementsOf(refused.stream().map(BackupExpired::eventId).toList()));
                Map<UUID, String> errors = deadLettered(events, source.name());
                assertThat(errors.get(unsigned.eventId())).contains("not signed");
                assertThat(errors.get(wronglySigned.eventId())).contains("does not match");
                assertThat(errors.get(signedButAltered.eventId())).contains("does not match");
                assertThat(errors.get(ofThePinned.eventId())).contains("is pinned");
                assertThat(errors.get(ofTheNewest.eventId())).contains("newest manual");
                assertThat(errors.get(ofAnotherSchema.eventId())).contains("is not an object of");
                for (BackupCompleted kept : List.of(newest, other)) {
                    Path object = store.resolve(kept.objects().get(0).key());
                    assertThat(object).exists();
                    assertThat(sibling(object, ".sha256")).exists();
                    assertThat(sibling(object, ".manifest.json")).exists();
                }
            }
        }
    }

    @Test
    void aWorkerWithoutAnExpiryKeyDeletesNothingAndDeadLettersEveryExpiry() throws Exception {
        String database = "nokey" + UUID.randomUUID().toString().substring(0, 8);
        String oldKey = "postgres/" + database + "/user_20250817.dump.gz";
        for (String key : List.of(oldKey, "postgres/" + database + "/user_20250818.dump.gz")) {
            for (String suffix : List.of("", ".sha256", ".manifest.json")) {
                Files.createDirectories(store.resolve(key + suffix).getParent());
                Files.writeString(store.resolve(key + suffix), "{}");
            }
        }
        BackupExpired signed = CATALOG.signed(new BackupExpired(UUID.randomUUID(), Instant.now(), database, "user",
                UUID.randomUUID(), List.of(new StoredObject(com.aquastream.backup.events.Tier.DAILY, oldKey)),
                "retention", false, null, null));
        try (EventCollector events = new EventCollector(Topics.deadLetterOf(Topics.BACKUP_EXPIRED));
             WorkerInstance worker = WorkerInstance.start(WorkerFixtures.workerFor(database, store))) {

            publish(signed);

            await().atMost(TIMEOUT).until(() -> deadLettered(events, database).containsKey(signed.eventId()));
            assertThat(deadLettered(events, database).get(signed.eventId())).contains("expiries are disabled")
                    .contains("EXPIRY_SIGNING_KEY");
            assertThat(store.resolve(oldKey)).exists();
            assertThat(sibling(store.resolve(oldKey), ".manifest.json")).exists();
        }
    }

    private static Map<String, Object> withKey(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("backup.worker.expiry.signing-key", KEY);
        return all;
    }

    private static BackupCompleted backUp(EventCollector events, BackupRequested request) {
        send(request);
        return events.await(BackupCompleted.class, BackupCompleted::requestId, request.requestId(), TIMEOUT);
    }

    private static BackupExpired anExpiryOf(BackupCompleted backup, String reason) {
        return new BackupExpired(UUID.randomUUID(), Instant.now(), backup.database(), backup.schema(),
                backup.backupId(), backup.objects(), reason, false, null, null);
    }

    private static BackupExpired pinned(BackupExpired e) {
        return new BackupExpired(e.eventId(), e.occurredAt(), e.database(), e.schema(), e.backupId(), e.objects(),
                e.reason(), true, null, null);
    }

    private static BackupExpired withObjects(BackupExpired e, List<StoredObject> objects) {
        return new BackupExpired(e.eventId(), e.occurredAt(), e.database(), e.schema(), e.backupId(), objects,
                e.reason(), e.pinned(), e.keyId(), e.signature());
    }

    /** The dead-lettered expiries of {@code database}: event id → the error the worker gave. */
    private static Map<UUID, String> deadLettered(EventCollector events, String database) {
        Map<UUID, String> errors = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : events.deadLetters()) {
            decoded(r).filter(e -> database.equals(e.database())).ifPresent(e -> errors.putIfAbsent(e.eventId(),
                    EventCollector.header(r, DeadLetterPublisher.EXCEPTION_MESSAGE)));
        }
        return errors;
    }

    private static Optional<BackupExpired> decoded(ConsumerRecord<String, byte[]> deadLetter) {
        try {
            return Optional.of(new EventCodec().decode(deadLetter.value(), BackupExpired.class));
        } catch (RuntimeException notAnExpiry) {
            return Optional.empty();
        }
    }

    private static Path sibling(Path object, String suffix) {
        return object.resolveSibling(object.getFileName() + suffix);
    }

    private static void publish(BackupExpired expired) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.BACKUP_EXPIRED, expired.messageKey(),
                    new EventCodec().encode(expired))).get(30, TimeUnit.SECONDS);
        }
    }
}
