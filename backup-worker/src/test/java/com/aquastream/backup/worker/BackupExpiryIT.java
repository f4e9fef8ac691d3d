package com.aquastream.backup.worker;

import static com.aquastream.backup.worker.WorkerFixtures.aManualRequest;
import static com.aquastream.backup.worker.WorkerFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker, owner of the primary store, deletes what the catalog's retention expired, and nothing else. */
class BackupExpiryIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path store;

    @Test
    void deletesExpiredObjectsWithTheirSidecarsAndRefusesKeysOfAnotherSchema() throws Exception {
        try (TestDatabase source = TestDatabases.create();
             EventCollector events = new EventCollector(Topics.BACKUP_COMPLETED,
                     Topics.deadLetterOf(Topics.BACKUP_EXPIRED))) {
            SixSchemas.populate(source, 20);
            try (WorkerInstance worker = WorkerInstance.start(WorkerFixtures.workerFor(source.name(), store))) {
                BackupRequested user = aManualRequest(source.name(), "user");
                BackupRequested event = WorkerFixtures.aManualRequestAt(source.name(), "event",
                        Instant.now().minusSeconds(60));
                send(user);
                send(event);
                BackupCompleted userBackup = events.await(BackupCompleted.class, BackupCompleted::requestId,
                        user.requestId(), TIMEOUT);
                BackupCompleted eventBackup = events.await(BackupCompleted.class, BackupCompleted::requestId,
                        event.requestId(), TIMEOUT);
                Path userObject = store.resolve(userBackup.objects().get(0).key());
                Path eventObject = store.resolve(eventBackup.objects().get(0).key());

                // An expiry for schema user that names event's object: refused, nothing deleted.
                publish(new BackupExpired(UUID.randomUUID(), Instant.now(), source.name(), "user",
                        eventBackup.backupId(), List.of(new StoredObject(Tier.MANUAL,
                        eventBackup.objects().get(0).key())), "malicious"));
                publish(new BackupExpired(UUID.randomUUID(), Instant.now(), source.name(), "user",
                        userBackup.backupId(), userBackup.objects(), "retention: 11th newest manual"));

                await().atMost(TIMEOUT).until(() -> !Files.exists(userObject));
                assertThat(userObject.resolveSibling(userObject.getFileName() + ".sha256")).doesNotExist();
                assertThat(userObject.resolveSibling(userObject.getFileName() + ".manifest.json")).doesNotExist();
                await().atMost(TIMEOUT).until(() -> !events.deadLetters().isEmpty());
                assertThat(eventObject).exists();
                assertThat(eventObject.resolveSibling(eventObject.getFileName() + ".sha256")).exists();
            }
        }
    }

    private static void publish(BackupExpired expired) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.BACKUP_EXPIRED, expired.messageKey(),
                    new EventCodec().encode(expired))).get(30, TimeUnit.SECONDS);
        }
    }
}
