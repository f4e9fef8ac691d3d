package com.aquastream.backup.restore;

import static com.aquastream.backup.restore.ArchiveFixtures.aBackupOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.core.store.S3ObjectStore;
import com.aquastream.backup.core.store.S3Settings;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.testsupport.TestS3;
import com.google.crypto.tink.KeysetHandle;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Disaster drill: the primary store is lost and schemas come back from their encrypted offsite copies, through the
 * real restore-worker — two real S3 API servers (primary and offsite), real Kafka, a real PostgreSQL database made
 * and dropped here. The offsite copies are written by the offsite-replicator's own routine
 * ({@link OffsiteCopies#copyFrom}, which {@code OffsiteReplicationIT} drives through the service), encrypted with a
 * Tink keyset; one more, written in the legacy format before Tink, is a committed fixture
 * ({@code src/test/resources/offsite-v2/README.md}).
 */
class OffsiteDisasterDrillIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String SIGNING_KEY = "drill-signing-key-0123456789-0123456789";
    private static final RestoreSignatures SIGNER = new RestoreSignatures(
            SIGNING_KEY.getBytes(StandardCharsets.UTF_8));

    static TestDatabase db;
    static S3ObjectStore primary;
    static S3ObjectStore offsite;
    /** The legacy fixture: a pg_dump of schema "user" of this database, encrypted by the legacy (v2) encryptor. */
    private static final String LEGACY_DATABASE = "bk_test_offsitev2";
    private static final String LEGACY_KEY_ID = "legacy-2026";
    /** The 32 bytes 0x00..0x1f. */
    private static final String LEGACY_KEY_BASE64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    static Keyring keyring;
    static String keysetJson;
    static EventCollector events;

    @BeforeAll
    static void givenBackupsWithEncryptedOffsiteCopies() throws Exception {
        db = TestDatabases.create();
        SixSchemas.populate(db, 200);
        TestS3.Endpoint p = TestS3.endpoint();
        TestS3.Endpoint o = TestS3.offsiteEndpoint();
        primary = S3ObjectStore.connect(new S3Settings(p.url(), p.region(), p.accessKey(), p.secretKey(),
                TestS3.newBucket()));
        offsite = S3ObjectStore.connect(new S3Settings(o.url(), o.region(), o.accessKey(), o.secretKey(),
                "drill-" + UUID.randomUUID().toString().substring(0, 8)));
        KeysetHandle keyset = Keyring.newKeyset();
        keysetJson = Keyring.toJson(keyset);
        keyring = Keyring.of(keyset, List.of());
        events = new EventCollector(Topics.RESTORE_COMPLETED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED);
    }

    @AfterAll
    static void dropTheDatabase() {
        events.close();
        db.execute("DROP DATABASE IF EXISTS " + LEGACY_DATABASE + " WITH (FORCE)");
        db.close();
    }

    @Test
    void restoresASchemaFromItsEncryptedOffsiteCopyOnceThePrimaryStoreIsWipedAndRefusesATamperedCopy()
            throws Exception {
        BackupCompleted user = backedUpAndCopiedOffsite("user", Instant.now().minusSeconds(100));
        BackupCompleted payment = backedUpAndCopiedOffsite("payment", Instant.now().minusSeconds(200));
        assertThat(storedOffsite(user.objects().get(0).key())).doesNotContain("CREATE TABLE");
        tamperWithTheMiddleOf(payment.objects().get(0).key());
        wipe(primary);
        db.execute("DROP SCHEMA \"user\" CASCADE",
                "INSERT INTO payment.invoices SELECT 900003, 'after the backup', now(), 1, '{}', null");
        Map<String, Long> paymentBefore = db.rowCounts("payment");

        try (ConfigurableApplicationContext worker = aRestoreWorkerWithTheOffsiteAndItsKey()) {
            RestoreRequested restoreUser = send(aRestoreOf(user));
            RestoreRequested restorePayment = send(aRestoreOf(payment));

            RestoreCompleted done = events.await(RestoreCompleted.class, RestoreCompleted::restoreId,
                    restoreUser.restoreId(), TIMEOUT);
            assertThat(done.sha256()).isEqualTo(user.sha256());
            assertThat(db.rowCounts("user")).isEqualTo(user.tableRowCounts());
            RestoreRejected refused = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                    restorePayment.restoreId(), TIMEOUT);
            assertThat(refused.reason()).contains("cannot be decrypted").contains("failed authentication");
            assertThat(db.rowCounts("payment")).isEqualTo(paymentBefore);

            // Without the catalog and the primary, "the newest backup" comes from the offsite copies' records.
            db.execute("DROP SCHEMA \"user\" CASCADE");
            RestoreRequested latest = send(SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                    user.database(), "user", UUID.randomUUID(), null, null, null, RestoreMode.RESTORE, false,
                    "disaster-drill", null)));
            RestoreCompleted newest = events.await(RestoreCompleted.class, RestoreCompleted::restoreId,
                    latest.restoreId(), TIMEOUT);
            assertThat(newest.backupId()).isEqualTo(user.backupId());
            assertThat(db.rowCounts("user")).isEqualTo(user.tableRowCounts());
        }
    }

    @Test
    void refusesAnEncryptedCopySwappedOntoAnotherKeyAndAPlaintextCopyWithoutTouchingTheDatabase() throws Exception {
        BackupCompleted olderCrew = backedUpAndCopiedOffsite("crew", Instant.now().minusSeconds(7200));
        BackupCompleted newerCrew = backedUpAndCopiedOffsite("crew", Instant.now().minusSeconds(3600));
        BackupCompleted media = backedUpAndCopiedOffsite("media", Instant.now().minusSeconds(300));
        String newerKey = newerCrew.objects().get(0).key();
        String mediaKey = media.objects().get(0).key();
        offsite.put(newerKey, new ByteArrayInputStream(storedOffsite(olderCrew.objects().get(0).key())
                .getBytes(StandardCharsets.ISO_8859_1)));
        offsite.put(mediaKey, primary.get(mediaKey));
        primary.delete(newerKey);
        primary.delete(mediaKey);
        db.execute("INSERT INTO crew.crews SELECT 900001, 'after the backup', now(), 1, '{}', null",
                "INSERT INTO media.albums SELECT 900001, 'after the backup', now(), 1, '{}', null");
        Map<String, Long> crewBefore = db.rowCounts("crew");
        Map<String, Long> mediaBefore = db.rowCounts("media");

        try (ConfigurableApplicationContext worker = aRestoreWorkerWithTheOffsiteAndItsKey()) {
            RestoreRequested restoreSwapped = send(aRestoreOf(newerCrew));
            RestoreRequested restorePlaintext = send(aRestoreOf(media));

            RestoreRejected swapped = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                    restoreSwapped.restoreId(), TIMEOUT);
            assertThat(swapped.reason()).contains("cannot be decrypted").contains("failed authentication")
                    .contains("not the copy of key " + newerKey);
            RestoreRejected plaintext = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                    restorePlaintext.restoreId(), TIMEOUT);
            assertThat(plaintext.reason()).contains("the offsite copy of " + mediaKey)
                    .contains("not encrypted although encryption is configured: refused as insecure");
            assertThat(db.rowCounts("crew")).isEqualTo(crewBefore);
            assertThat(db.rowCounts("media")).isEqualTo(mediaBefore);
            assertThat(events.all(RestoreCompleted.class)).extracting(RestoreCompleted::restoreId)
                    .doesNotContain(restoreSwapped.restoreId(), restorePlaintext.restoreId());
        }
    }

    @Test
    void restoresACopyWrittenInTheLegacyFormatBeforeTinkWithItsOldKey() throws Exception {
        BackupCompleted legacy = givenTheLegacyFormatCopyOffsite();

        try (ConfigurableApplicationContext worker = aRestoreWorkerWithTheOffsiteAndItsKey()) {
            RestoreRequested restore = send(aRestoreOf(legacy));

            RestoreCompleted done = events.await(RestoreCompleted.class, RestoreCompleted::restoreId,
                    restore.restoreId(), TIMEOUT);
            assertThat(done.backupId()).isEqualTo(legacy.backupId());
            assertThat(done.sha256()).isEqualTo(legacy.sha256())
                    .isEqualTo("1e41cb90354f30d5ca9ca1a597587fad8b27ef5219f45a40db0da4bdd297b656");
            assertThat(done.checks()).extracting(TableCheck::found).containsExactlyInAnyOrderElementsOf(
                    legacy.tableRowCounts().values());
            assertThat(done.checks()).allMatch(TableCheck::matches);
        }
    }

    /**
     * The fixture's archive, manifest, sidecar and record in the offsite store (the primary never had it), as the
     * replicator wrote them before Tink; its database does not exist until the restore creates it.
     */
    private static BackupCompleted givenTheLegacyFormatCopyOffsite() throws Exception {
        db.execute("DROP DATABASE IF EXISTS " + LEGACY_DATABASE + " WITH (FORCE)");
        byte[] manifest = resource("/offsite-v2/manifest.json");
        byte[] ciphertext = resource("/offsite-v2/archive.aqse");
        BackupCompleted legacy = new EventCodec().decode(manifest, BackupCompleted.class);
        String key = legacy.objects().get(0).key();
        offsite.put(key, new ByteArrayInputStream(ciphertext));
        offsite.put(OffsiteCopies.manifestKey(key), new ByteArrayInputStream(manifest));
        offsite.put(key + ".sha256", new ByteArrayInputStream(
                com.aquastream.backup.core.store.Sidecars.format(legacy.sha256(), key).getBytes(StandardCharsets.UTF_8)));
        offsite.put(OffsiteCopies.recordKey(key), new ByteArrayInputStream(new EventCodec().encode(
                new BackupReplicated(UUID.randomUUID(), Instant.now(), legacy.database(), legacy.schema(),
                        legacy.backupId(), key, "s3://drill", legacy.sha256(), "copied, sha256 of the plaintext verified",
                        true, "aes-256-gcm-segmented-v2", LEGACY_KEY_ID, Sha256.of(ciphertext),
                        (long) ciphertext.length))));
        assertThat(legacy.database()).isEqualTo(LEGACY_DATABASE);
        return legacy;
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = OffsiteDisasterDrillIT.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /** A real pg_dump into the primary, then the replicator's verified, encrypted copy to the offsite. */
    private static BackupCompleted backedUpAndCopiedOffsite(String schema, Instant slot) throws Exception {
        BackupCompleted backup = aBackupOf(db, schema, primary, slot);
        BackupReplicated copy = new OffsiteCopies(offsite, keyring).copyFrom(primary, backup,
                backup.objects().get(0).key(), "s3://drill", Instant.now());
        assertThat(copy.encrypted()).isTrue();
        assertThat(copy.storedSha256()).isNotEqualTo(backup.sha256());
        return backup;
    }

    private static String storedOffsite(String key) throws Exception {
        try (InputStream in = offsite.get(key)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void tamperWithTheMiddleOf(String key) throws Exception {
        byte[] bytes;
        try (InputStream in = offsite.get(key)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length / 2] ^= 0x40;
        offsite.put(key, new ByteArrayInputStream(bytes));
        assertThat(Sha256.of(bytes)).isNotEqualTo(new EventCodec().decode(
                offsite.get(OffsiteCopies.recordKey(key)).readAllBytes(), BackupReplicated.class).storedSha256());
    }

    private static void wipe(S3ObjectStore store) throws Exception {
        for (String key : store.list("")) {
            store.delete(key);
        }
        assertThat(store.list("")).isEmpty();
    }

    private static ConfigurableApplicationContext aRestoreWorkerWithTheOffsiteAndItsKey() {
        TestS3.Endpoint p = TestS3.endpoint();
        TestS3.Endpoint o = TestS3.offsiteEndpoint();
        ConfigurableApplicationContext worker = new SpringApplicationBuilder(RestoreWorkerApplication.class).run(
                TestKafka.withLogin("restore-worker",
                "--server.port=0",
                "--logging.structured.format.console=",
                "--restore.signing-key=" + SIGNING_KEY,
                "--restore.allowed-databases=" + db.name() + "," + LEGACY_DATABASE,
                "--backup.platform.store.type=s3",
                "--backup.platform.store.s3.endpoint=" + p.url(),
                "--backup.platform.store.s3.access-key=" + p.accessKey(),
                "--backup.platform.store.s3.secret-key=" + p.secretKey(),
                "--backup.platform.store.s3.bucket=" + primary.bucket(),
                "--restore.offsite.endpoint=" + o.url(),
                "--restore.offsite.access-key=" + o.accessKey(),
                "--restore.offsite.secret-key=" + o.secretKey(),
                "--restore.offsite.bucket=" + offsite.bucket(),
                "--restore.offsite.encryption-keyset=" + keysetJson,
                "--restore.offsite.encryption-key-id=" + LEGACY_KEY_ID,
                "--restore.offsite.encryption-key=" + LEGACY_KEY_BASE64,
                "--backup.platform.consumer.auto-offset-reset=latest",
                "--backup.platform.consumer.group=restore-worker-it-" + UUID.randomUUID(),
                "--backup.platform.consumer.poll-timeout=200ms"));
        JobConsumer consumer = worker.getBean(JobConsumer.class);
        await().atMost(Duration.ofSeconds(60)).until(consumer::isReady);
        return worker;
    }

    private static RestoreRequested aRestoreOf(BackupCompleted backup) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(), backup.database(),
                backup.schema(), UUID.randomUUID(), null, backup.objects().get(0).key(), null, RestoreMode.RESTORE,
                false, "disaster-drill", null));
    }

    private static RestoreRequested send(RestoreRequested command) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.RESTORE_REQUESTED, command.messageKey(),
                    new EventCodec().encode(command))).get(30, TimeUnit.SECONDS);
        }
        return command;
    }
}
