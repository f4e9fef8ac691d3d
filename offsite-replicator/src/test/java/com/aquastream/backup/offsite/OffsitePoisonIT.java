package com.aquastream.backup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.consumer.DeadLetterPublisher;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.ReplicationFailed;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.testsupport.TestS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A completion whose copy fails on every delivery (its primary object cannot be read: the disk answers EIO, as for a
 * bad sector) sits in front of good ones on the same partition: it is given up on after its bounded attempts, ends
 * in {@code replication.failed} and a dead letter, and the good ones behind it are copied.
 */
class OffsitePoisonIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path primaryRoot;

    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anUnreadableBackupEndsInReplicationFailedAndADeadLetterAndTheOnesBehindItAreCopied() throws Exception {
        String database = "app" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        String poisonKey = "postgres/" + database + "/weekly_user_2025-32.dump.gz";
        String goodKey = "postgres/" + database + "/weekly_user_2025-33.dump.gz";
        byte[] good = randomBytes(100_000);
        givenAnUnreadablePrimaryObject(poisonKey);
        givenAPrimaryObject(goodKey, good);
        // Same database and schema: one key, one partition, the poison first.
        BackupCompleted poison = aWeeklyCompletion(database, poisonKey, randomBytes(10));
        BackupCompleted behind = aWeeklyCompletion(database, goodKey, good);

        try (EventCollector events = new EventCollector(Topics.BACKUP_REPLICATED, Topics.REPLICATION_FAILED,
                Topics.deadLetterOf(Topics.BACKUP_COMPLETED))) {
            app = start(3);
            publish(poison, behind);

            ReplicationFailed failed = events.await(ReplicationFailed.class, ReplicationFailed::backupId,
                    poison.backupId(), TIMEOUT);
            BackupReplicated replicated = events.await(BackupReplicated.class, BackupReplicated::backupId,
                    behind.backupId(), TIMEOUT);

            assertThat(failed.key()).isEqualTo(poisonKey);
            assertThat(failed.reason()).startsWith("failed 3 times, giving up: ").contains("Input/output error");
            assertThat(replicated.key()).isEqualTo(goodKey);
            assertThat(replicated.sha256()).isEqualTo(Sha256.of(good));
            await().atMost(TIMEOUT).until(() -> !events.deadLetters().isEmpty());
            ConsumerRecord<String, byte[]> dead = events.deadLetters().get(0);
            assertThat(new EventCodec().decode(dead.value(), BackupCompleted.class)).isEqualTo(poison);
            assertThat(EventCollector.header(dead, DeadLetterPublisher.EXCEPTION_MESSAGE))
                    .contains("Input/output error");
            assertThat(events.of(ReplicationFailed.class, ReplicationFailed::backupId, poison.backupId())).hasSize(1);
        }
    }

    /** A symbolic link to this process's memory file: opening works, reading at offset 0 fails with EIO. */
    private void givenAnUnreadablePrimaryObject(String key) throws Exception {
        Path file = primaryRoot.resolve(key);
        Files.createDirectories(file.getParent());
        Files.createSymbolicLink(file, Paths.get("/proc/self/mem"));
    }

    private void givenAPrimaryObject(String key, byte[] bytes) throws Exception {
        Path file = primaryRoot.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Files.writeString(primaryRoot.resolve(key + ".sha256"),
                Sha256.of(bytes) + "  " + file.getFileName() + "\n");
    }

    private ConfigurableApplicationContext start(int maxAttempts) {
        TestS3.Endpoint o = TestS3.offsiteEndpoint();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OffsiteReplicatorApplication.class)
                .run(TestKafka.withLogin("offsite-replicator",
                        "--server.port=0",
                        "--logging.structured.format.console=",
                        "--backup.platform.consumer.auto-offset-reset=latest",
                        "--backup.platform.consumer.group=offsite-replicator-it-" + UUID.randomUUID(),
                        "--backup.platform.consumer.redelivery-backoff=500ms",
                        "--backup.platform.consumer.max-attempts=" + maxAttempts,
                        "--backup.platform.consumer.poll-timeout=200ms",
                        "--backup.platform.store.type=filesystem",
                        "--backup.platform.store.filesystem-root=" + primaryRoot,
                        "--offsite.destination.endpoint=" + o.url(),
                        "--offsite.destination.access-key=" + o.accessKey(),
                        "--offsite.destination.secret-key=" + o.secretKey(),
                        "--offsite.destination.bucket=offsite-" + UUID.randomUUID().toString().substring(0, 8)));
        JobConsumer copies = context.getBean("backupCompletedConsumer", JobConsumer.class);
        await().atMost(Duration.ofSeconds(60)).until(copies::isReady);
        return context;
    }

    private static BackupCompleted aWeeklyCompletion(String database, String key, byte[] archive) {
        Instant now = Instant.now();
        return new BackupCompleted(UUID.randomUUID(), now, database, "user", UUID.randomUUID(), UUID.randomUUID(),
                List.of(Tier.WEEKLY), List.of(new StoredObject(Tier.WEEKLY, key)), "filesystem", archive.length,
                Sha256.of(archive), "gzip", "pg_dump-custom", now, now, "15.4", "pg_dump (PostgreSQL) 15.4",
                Map.of("accounts", 1L));
    }

    private static void publish(BackupCompleted... completions) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            for (BackupCompleted c : completions) {
                producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED, c.messageKey(),
                        new EventCodec().encode(c))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
