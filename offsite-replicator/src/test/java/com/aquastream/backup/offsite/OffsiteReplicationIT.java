package com.aquastream.backup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.crypto.DecryptionException;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.crypto.StreamContext;
import com.aquastream.backup.core.crypto.OffsiteEncryption;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.security.ExpirySignatures;
import com.aquastream.backup.core.store.S3ObjectStore;
import com.aquastream.backup.core.store.S3Settings;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TcpProxy;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.testsupport.TestS3;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import com.google.crypto.tink.KeysetHandle;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Replication between two real S3 API servers (primary and offsite), driven by real backup.completed events. */
class OffsiteReplicationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String EXPIRY_KEY = "offsite-expiry-it-key-0123456789abcdef";
    private static final ExpirySignatures CATALOG = new ExpirySignatures("expiry-1",
            EXPIRY_KEY.getBytes(StandardCharsets.UTF_8));

    private final MinioClient primary = TestS3.client();
    private final MinioClient offsite = TestS3.client(TestS3.offsiteEndpoint());

    @Test
    void copiesTheWeeklyObjectWithItsChecksumVerifiedAndNotTheDailyOne() throws Exception {
        String primaryBucket = TestS3.newBucket();
        String offsiteBucket = "offsite-" + UUID.randomUUID().toString().substring(0, 8);
        String database = "app" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        byte[] archive = randomArchive();
        String daily = "postgres/" + database + "/user_20250817.dump.gz";
        String weekly = "postgres/" + database + "/weekly_user_2025-33.dump.gz";
        putPrimary(primaryBucket, daily, archive);
        putPrimary(primaryBucket, weekly, archive);

        try (EventCollector events = new EventCollector(Topics.BACKUP_REPLICATED, Topics.REPLICATION_FAILED);
             ConfigurableApplicationContext app = start(primaryBucket, TestS3.offsiteEndpoint().url(),
                     offsiteBucket)) {
            BackupCompleted completed = aCompletion(database, archive, List.of(
                    new StoredObject(Tier.DAILY, daily), new StoredObject(Tier.WEEKLY, weekly)));

            publish(completed);

            BackupReplicated replicated = events.await(BackupReplicated.class, BackupReplicated::backupId,
                    completed.backupId(), TIMEOUT);
            assertThat(replicated.key()).isEqualTo(weekly);
            assertThat(replicated.sha256()).isEqualTo(Sha256.of(archive));
            assertThat(download(offsite, offsiteBucket, weekly)).isEqualTo(archive);
            assertThat(new String(download(offsite, offsiteBucket, weekly + ".sha256"), StandardCharsets.UTF_8))
                    .isEqualTo(Sha256.of(archive) + "  weekly_user_2025-33.dump.gz\n");
            assertThat(exists(offsite, offsiteBucket, daily)).isFalse();
            assertThat(new EventCodec().decode(download(offsite, offsiteBucket, weekly + ".manifest.json"),
                    BackupCompleted.class)).isEqualTo(completed);
            assertThat(replicated.encrypted()).isFalse();
        }
    }

    @Test
    void anEncryptedOffsiteCopyIsUnreadableWithoutTheKeyAndDecryptsWithIt() throws Exception {
        String primaryBucket = TestS3.newBucket();
        String offsiteBucket = "offsite-" + UUID.randomUUID().toString().substring(0, 8);
        String database = "app" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        byte[] archive = compressibleArchive();
        String monthly = "postgres/" + database + "/monthly_user_2025-08.dump.gz";
        putPrimary(primaryBucket, monthly, archive);
        KeysetHandle keyset = Keyring.newKeyset();
        Keyring keyring = Keyring.of(keyset, List.of());
        String keyId = keyring.primaryKeyId().orElseThrow();

        try (EventCollector events = new EventCollector(Topics.BACKUP_REPLICATED, Topics.REPLICATION_FAILED);
             ConfigurableApplicationContext app = start(primaryBucket, TestS3.offsiteEndpoint().url(),
                     offsiteBucket, "--offsite.encryption.keyset=" + Keyring.toJson(keyset))) {
            BackupCompleted completed = aCompletion(database, archive, List.of(
                    new StoredObject(Tier.MONTHLY, monthly)));

            publish(completed);

            BackupReplicated replicated = events.await(BackupReplicated.class, BackupReplicated::backupId,
                    completed.backupId(), TIMEOUT);
            byte[] stored = download(offsite, offsiteBucket, monthly);
            assertThat(stored).isNotEqualTo(archive);
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("INSERT INTO");
            assertThat(replicated.encrypted()).isTrue();
            assertThat(replicated.keyId()).isEqualTo(keyId);
            assertThat(replicated.sha256()).isEqualTo(Sha256.of(archive));
            assertThat(replicated.storedSha256()).isEqualTo(Sha256.of(stored));
            StreamContext context = new StreamContext(monthly, completed.backupId().toString());
            Keyring wrongKey = Keyring.of(Keyring.newKeyset(), List.of());
            assertThatThrownBy(() -> OffsiteEncryption.decrypting(new ByteArrayInputStream(stored), wrongKey, context,
                    false).readAllBytes()).isInstanceOf(DecryptionException.class);
            assertThatThrownBy(() -> OffsiteEncryption.decrypting(new ByteArrayInputStream(stored), Keyring.empty(),
                    context, false).readAllBytes()).isInstanceOf(DecryptionException.class);
            assertThatThrownBy(() -> OffsiteEncryption.decrypting(new ByteArrayInputStream(stored), keyring,
                    new StreamContext(monthly, UUID.randomUUID().toString()), false).readAllBytes())
                    .isInstanceOf(DecryptionException.class);
            assertThat(OffsiteEncryption.decrypting(new ByteArrayInputStream(stored), keyring, context, false)
                    .readAllBytes()).isEqualTo(archive);
            assertThat(replicated.encryption()).isEqualTo("tink-streaming-aead");
            assertThat(new String(download(offsite, offsiteBucket, monthly + ".sha256"), StandardCharsets.UTF_8))
                    .startsWith(Sha256.of(archive));
            assertThat(new EventCodec().decode(download(offsite, offsiteBucket, monthly + ".replicated.json"),
                    BackupReplicated.class).keyId()).isEqualTo(keyId);
        }
    }

    @Test
    void anEncryptedCopySwappedOntoAnotherKeyIsNoCorrectCopyAndIsCopiedAgainOnRedelivery() throws Exception {
        String primaryBucket = TestS3.newBucket();
        String offsiteBucket = "offsite-" + UUID.randomUUID().toString().substring(0, 8);
        String database = "app" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        String older = "postgres/" + database + "/weekly_user_2025-32.dump.gz";
        String newer = "postgres/" + database + "/weekly_user_2025-33.dump.gz";
        byte[] olderArchive = randomArchive();
        byte[] newerArchive = randomArchive();
        putPrimary(primaryBucket, older, olderArchive);
        putPrimary(primaryBucket, newer, newerArchive);
        KeysetHandle keyset = Keyring.newKeyset();
        Keyring keyring = Keyring.of(keyset, List.of());

        try (EventCollector events = new EventCollector(Topics.BACKUP_REPLICATED, Topics.REPLICATION_FAILED);
             ConfigurableApplicationContext app = start(primaryBucket, TestS3.offsiteEndpoint().url(),
                     offsiteBucket, "--offsite.encryption.keyset=" + Keyring.toJson(keyset))) {
            BackupCompleted olderBackup = aCompletion(database, olderArchive,
                    List.of(new StoredObject(Tier.WEEKLY, older)));
            BackupCompleted newerBackup = aCompletion(database, newerArchive,
                    List.of(new StoredObject(Tier.WEEKLY, newer)));
            publish(olderBackup);
            publish(newerBackup);
            events.await(BackupReplicated.class, BackupReplicated::backupId, newerBackup.backupId(), TIMEOUT);
            events.await(BackupReplicated.class, BackupReplicated::backupId, olderBackup.backupId(), TIMEOUT);

            givenOffsiteObject(offsiteBucket, newer, download(offsite, offsiteBucket, older));
            TestS3.Endpoint o = TestS3.offsiteEndpoint();
            OffsiteCopies copies = new OffsiteCopies(S3ObjectStore.connect(new S3Settings(o.url(), o.region(),
                    o.accessKey(), o.secretKey(), offsiteBucket)), keyring);
            assertThatThrownBy(() -> copies.openPlaintext(newer).readAllBytes())
                    .isInstanceOf(DecryptionException.class).hasMessageContaining("not the copy of key " + newer);
            assertThat(copies.correctCopy(newer, newerBackup.backupId(), newerBackup.sha256())).isEmpty();
            publish(newerBackup);

            await().atMost(TIMEOUT).until(() -> events.all(BackupReplicated.class).stream()
                    .filter(r -> r.backupId().equals(newerBackup.backupId())).count() == 2);
            try (InputStream in = copies.openPlaintext(newer)) {
                assertThat(in.readAllBytes()).isEqualTo(newerArchive);
            }
            assertThat(copies.correctCopy(newer, newerBackup.backupId(), newerBackup.sha256())).isPresent();
        }
    }

    @Test
    void anOffsiteThatIsDownForAWhileGetsEverythingInOrderAndNothingTwice() throws Exception {
        String primaryBucket = TestS3.newBucket();
        String offsiteBucket = "offsite-" + UUID.randomUUID().toString().substring(0, 8);
        String database = "app" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        List<BackupCompleted> weeks = new ArrayList<>();
        for (int week = 30; week <= 32; week++) {
            byte[] archive = randomArchive();
            String key = "postgres/" + database + "/weekly_user_2025-" + week + ".dump.gz";
            putPrimary(primaryBucket, key, archive);
            weeks.add(aCompletion(database, archive, List.of(new StoredObject(Tier.WEEKLY, key))));
        }
        try (TcpProxy network = TcpProxy.inFrontOf(TestS3.offsiteEndpoint().url());
             EventCollector events = new EventCollector(Topics.BACKUP_REPLICATED);
             ConfigurableApplicationContext app = start(primaryBucket, network.url(), offsiteBucket)) {
            network.cutAfter(0);
            long connectionsBefore = network.connections();

            weeks.forEach(OffsiteReplicationIT::publish);
            await().atMost(TIMEOUT).until(() -> network.connections() >= connectionsBefore + 3);
            assertThat(events.all(BackupReplicated.class)).isEmpty();
            network.heal();

            await().atMost(TIMEOUT).until(() -> events.all(BackupReplicated.class).size() >= weeks.size());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> events.all(BackupReplicated.class).size() == weeks.size());
            assertThat(events.all(BackupReplicated.class)).extracting(BackupReplicated::backupId)
                    .containsExactlyElementsOf(weeks.stream().map(BackupCompleted::backupId).toList());
            for (BackupCompleted week : weeks) {
                String key = week.objects().get(0).key();
                assertThat(Sha256.of(download(offsite, offsiteBucket, key))).isEqualTo(week.sha256());
            }
        }
    }

    @Test
    void anExpiredWeeklyCopyLeavesTheOffsiteOnlyWhenSignedAndTheOffsitePolicyLetsIt() throws Exception {
        String offsiteBucket = "offsite-" + UUID.randomUUID().toString().substring(0, 8);
        String database = "app" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        String prefix = "postgres/" + database + "/weekly_user_2025-";
        try (EventCollector deadLetters = new EventCollector(Topics.deadLetterOf(Topics.BACKUP_EXPIRED));
             ConfigurableApplicationContext app = start(TestS3.newBucket(), TestS3.offsiteEndpoint().url(),
                     offsiteBucket, "--offsite.retention.weekly=2", "--offsite.expiry.signing-key=" + EXPIRY_KEY)) {
            Map<Integer, UUID> backups = new java.util.HashMap<>();
            for (int week = 30; week <= 32; week++) {
                backups.put(week, putOffsite(offsiteBucket, prefix + week + ".dump.gz"));
            }
            BackupExpired unsigned = anExpiry(database, backups.get(30), prefix + "30.dump.gz");
            BackupExpired wronglySigned = new ExpirySignatures("expiry-1",
                    "a-guess-at-the-catalogs-key-0123456789".getBytes(StandardCharsets.UTF_8))
                    .signed(anExpiry(database, backups.get(30), prefix + "30.dump.gz"));
            BackupExpired ofThePinned = CATALOG.signed(pinned(anExpiry(database, backups.get(30),
                    prefix + "30.dump.gz")));
            List<BackupExpired> refused = List.of(unsigned, wronglySigned, ofThePinned);
            for (BackupExpired expiry : refused) {
                publishExpiry(expiry);
            }
            publishExpiry(CATALOG.signed(anExpiry(database, backups.get(32), prefix + "32.dump.gz")));
            publishExpiry(CATALOG.signed(anExpiry(database, backups.get(30), prefix + "30.dump.gz")));
            publishExpiry(CATALOG.signed(anExpiry(database, backups.get(31), prefix + "31.dump.gz")));

            await().atMost(TIMEOUT).until(() -> !exists(offsite, offsiteBucket, prefix + "30.dump.gz"));
            assertThat(exists(offsite, offsiteBucket, prefix + "30.dump.gz.sha256")).isFalse();
            assertThat(exists(offsite, offsiteBucket, prefix + "30.dump.gz.manifest.json")).isFalse();
            assertThat(exists(offsite, offsiteBucket, prefix + "30.dump.gz.replicated.json")).isFalse();
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deadLettered(deadLetters, database))
                    .containsExactlyInAnyOrderElementsOf(refused.stream().map(BackupExpired::eventId).toList()));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    exists(offsite, offsiteBucket, prefix + "31.dump.gz")
                            && exists(offsite, offsiteBucket, prefix + "32.dump.gz"));
            for (int week = 31; week <= 32; week++) {
                for (String suffix : List.of(".sha256", ".manifest.json", ".replicated.json")) {
                    assertThat(exists(offsite, offsiteBucket, prefix + week + ".dump.gz" + suffix)).isTrue();
                }
            }
        }
    }

    /** Puts a copy as the replicator leaves it (archive, sidecar, manifest naming its backup, record). */
    private UUID putOffsite(String bucket, String key) throws Exception {
        if (!offsite.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            offsite.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        byte[] archive = key.getBytes(StandardCharsets.UTF_8);
        String database = key.split("/")[1];
        BackupCompleted completed = aCompletion(database, archive, List.of(new StoredObject(Tier.WEEKLY, key)));
        Map<String, byte[]> objects = Map.of(key, archive,
                key + ".sha256", (Sha256.of(archive) + "  " + key.substring(key.lastIndexOf('/') + 1) + "\n")
                        .getBytes(StandardCharsets.UTF_8),
                key + ".manifest.json", new EventCodec().encode(completed),
                key + ".replicated.json", "{}".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
            offsite.putObject(PutObjectArgs.builder().bucket(bucket).object(o.getKey())
                    .stream(new ByteArrayInputStream(o.getValue()), o.getValue().length, -1).build());
        }
        return completed.backupId();
    }

    private static BackupExpired anExpiry(String database, UUID backupId, String key) {
        return new BackupExpired(UUID.randomUUID(), Instant.now(), database, "user", backupId,
                List.of(new StoredObject(Tier.WEEKLY, key)), "retention: beyond the newest 4 WEEKLY", false, null,
                null);
    }

    private static BackupExpired pinned(BackupExpired e) {
        return new BackupExpired(e.eventId(), e.occurredAt(), e.database(), e.schema(), e.backupId(), e.objects(),
                e.reason(), true, null, null);
    }

    private static void publishExpiry(BackupExpired expired) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.BACKUP_EXPIRED, expired.messageKey(),
                    new EventCodec().encode(expired))).get(30, TimeUnit.SECONDS);
        }
    }

    /** The event ids of the dead-lettered expiries of {@code database}. */
    private static List<UUID> deadLettered(EventCollector deadLetters, String database) {
        List<UUID> ids = new ArrayList<>();
        for (var record : deadLetters.deadLetters()) {
            try {
                BackupExpired e = new EventCodec().decode(record.value(), BackupExpired.class);
                if (database.equals(e.database()) && !ids.contains(e.eventId())) {
                    ids.add(e.eventId());
                }
            } catch (RuntimeException notAnExpiry) {
                // another test's dead letter
            }
        }
        return ids;
    }

    private static ConfigurableApplicationContext start(String primaryBucket, String offsiteUrl,
                                                        String offsiteBucket, String... extraArgs) {
        TestS3.Endpoint p = TestS3.endpoint();
        TestS3.Endpoint o = TestS3.offsiteEndpoint();
        List<String> args = new ArrayList<>(List.of(TestKafka.withLogin("offsite-replicator",
                "--server.port=0",
                "--logging.structured.format.console=",
                "--backup.platform.consumer.auto-offset-reset=latest",
                "--backup.platform.consumer.group=offsite-replicator-it-" + UUID.randomUUID(),
                "--backup.platform.consumer.redelivery-backoff=1s",
                "--backup.platform.consumer.poll-timeout=200ms",
                "--backup.platform.store.type=s3",
                "--backup.platform.store.s3.endpoint=" + p.url(),
                "--backup.platform.store.s3.access-key=" + p.accessKey(),
                "--backup.platform.store.s3.secret-key=" + p.secretKey(),
                "--backup.platform.store.s3.bucket=" + primaryBucket,
                "--offsite.destination.endpoint=" + offsiteUrl,
                "--offsite.destination.access-key=" + o.accessKey(),
                "--offsite.destination.secret-key=" + o.secretKey(),
                "--offsite.destination.bucket=" + offsiteBucket)));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OffsiteReplicatorApplication.class)
                .run(args.toArray(String[]::new));
        JobConsumer copies = context.getBean("backupCompletedConsumer", JobConsumer.class);
        JobConsumer expiries = context.getBean("backupExpiredConsumer", JobConsumer.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> copies.isReady() && expiries.isReady());
        return context;
    }

    private static BackupCompleted aCompletion(String database, byte[] archive, List<StoredObject> objects) {
        Instant now = Instant.now();
        return new BackupCompleted(UUID.randomUUID(), now, database, "user", UUID.randomUUID(), UUID.randomUUID(),
                objects.stream().map(StoredObject::tier).toList(), objects, "s3", archive.length,
                Sha256.of(archive), "gzip", "pg_dump-custom", now, now, "15.4", "pg_dump (PostgreSQL) 15.4",
                Map.of("accounts", 1L));
    }

    private static void publish(BackupCompleted completed) {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED, completed.messageKey(),
                    new EventCodec().encode(completed))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void putPrimary(String bucket, String key, byte[] bytes) throws Exception {
        if (!primary.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            primary.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        primary.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private void givenOffsiteObject(String bucket, String key, byte[] bytes) throws Exception {
        offsite.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private static byte[] download(MinioClient client, String bucket, String key) throws Exception {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static boolean exists(MinioClient client, String bucket, String key) throws Exception {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            return false;
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** Text-like content, as a dump's is: the check that it does not appear in the ciphertext means something. */
    private static byte[] compressibleArchive() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("INSERT INTO \"user\".users VALUES (").append(i).append(", 'someone');\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomArchive() {
        byte[] bytes = new byte[300_000];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
