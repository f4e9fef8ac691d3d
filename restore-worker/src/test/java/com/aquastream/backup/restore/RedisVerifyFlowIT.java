package com.aquastream.backup.restore;

import static com.aquastream.backup.restore.RedisArchiveFixtures.aSnapshotOf;
import static com.aquastream.backup.restore.RedisArchiveFixtures.givenKeys;
import static com.aquastream.backup.restore.RedisArchiveFixtures.withCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.redis.ThrowawayRedis;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Redis VERIFY drill through the real restore-worker: a snapshot of a throw-away redis-server with known keys,
 * stored as the backup-worker stores it, a signed VERIFY on Kafka, and the answer on {@code restore.verified} /
 * {@code restore.failed}. No PostgreSQL database is on the allow-list: a Redis drill needs none.
 */
class RedisVerifyFlowIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY_TEXT = "integration-test-signing-key-0123456789";
    private static final RestoreSignatures SIGNER = new RestoreSignatures(KEY_TEXT.getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path storeRoot;
    @TempDir
    static Path sourceDir;
    @TempDir
    static Path workDir;

    static ThrowawayRedis source;
    static FilesystemObjectStore store;
    static EventCollector events;
    static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() throws Exception {
        source = ThrowawayRedis.startIn(sourceDir);
        givenKeys(ThrowawayRedis.endpoint(source.port()), 0, "session:", 1_500);
        givenKeys(ThrowawayRedis.endpoint(source.port()), 4, "rate:", 12);
        store = new FilesystemObjectStore(storeRoot);
        events = new EventCollector(Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED);
        worker = new SpringApplicationBuilder(RestoreWorkerApplication.class).run(
                TestKafka.withLogin("restore-worker",
                "--server.port=0",
                "--logging.structured.format.console=",
                "--restore.signing-key=" + KEY_TEXT,
                "--restore.allowed-databases=nothing_allowed_here",
                "--restore.work-dir=" + workDir,
                "--backup.platform.store.type=filesystem",
                "--backup.platform.store.filesystem-root=" + storeRoot,
                "--backup.platform.consumer.auto-offset-reset=latest",
                "--backup.platform.consumer.group=restore-worker-it-" + UUID.randomUUID(),
                "--backup.platform.consumer.poll-timeout=200ms"));
        JobConsumer consumer = worker.getBean(JobConsumer.class);
        await().atMost(Duration.ofSeconds(60)).until(consumer::isReady);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (events != null) {
            events.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void aSignedVerifyOfASnapshotAnswersVerifiedWithTheKeysOfEveryDatabase() throws Exception {
        BackupCompleted backup = aSnapshotOf("sessions", ThrowawayRedis.endpoint(source.port()), store,
                Instant.now().minusSeconds(100), Compression.GZIP);

        RestoreRequested command = send(aVerifyOf(backup));

        RestoreVerified verified = events.await(RestoreVerified.class, RestoreVerified::restoreId,
                command.restoreId(), TIMEOUT);
        assertThat(verified.database()).isEqualTo("redis");
        assertThat(verified.schema()).isEqualTo("sessions");
        assertThat(verified.key()).isEqualTo(backup.objects().get(0).key());
        assertThat(verified.sha256()).isEqualTo(backup.sha256());
        assertThat(verified.checks()).containsExactly(new TableCheck("db0", 1_500, 1_500),
                new TableCheck("db4", 12, 12));
        assertThat(events.records(Topics.RESTORE_VERIFIED))
                .anySatisfy(r -> assertThat(r.key()).isEqualTo("redis.sessions"));
        assertNoScratchLeft();
    }

    @Test
    void aManifestWhoseRecordedCountIsWrongAnswersFailedNamingTheDatabase() throws Exception {
        BackupCompleted taken = aSnapshotOf("sessions", ThrowawayRedis.endpoint(source.port()), store,
                Instant.now().minusSeconds(200), Compression.GZIP);
        BackupCompleted recordedWrongly = withCounts(taken, Map.of("db0", 1_499L, "db4", 12L));
        ArchiveFixtures.writeRecord(store, recordedWrongly);

        RestoreRequested command = send(aVerifyOf(recordedWrongly));

        RestoreFailed failed = events.await(RestoreFailed.class, RestoreFailed::restoreId, command.restoreId(),
                TIMEOUT);
        assertThat(failed.reason()).contains("db0").contains("1499").contains("1500").doesNotContain("db4");
        assertNoScratchLeft();
    }

    @Test
    void aRestoreOfASnapshotIsRefusedWithAPointerToTheHostCommand() throws Exception {
        BackupCompleted backup = aSnapshotOf("sessions", ThrowawayRedis.endpoint(source.port()), store,
                Instant.now().minusSeconds(300), Compression.GZIP);

        RestoreRequested command = send(SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(),
                "redis", "sessions", UUID.randomUUID(), backup.backupId(), backup.objects().get(0).key(), null,
                RestoreMode.RESTORE, false, "integration-test", null)));

        RestoreRejected rejected = events.await(RestoreRejected.class, RestoreRejected::restoreId,
                command.restoreId(), TIMEOUT);
        assertThat(rejected.reason()).contains("bin/restore-redis");
    }

    private static void assertNoScratchLeft() throws Exception {
        try (Stream<Path> left = Files.walk(workDir)) { // scratch directories live in the instance's own directory
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("redis-verify-"))).isEmpty();
        }
    }

    private static RestoreRequested aVerifyOf(BackupCompleted backup) {
        return SIGNER.signed(new RestoreRequested(UUID.randomUUID(), Instant.now(), backup.database(),
                backup.schema(), UUID.randomUUID(), backup.backupId(), backup.objects().get(0).key(), null,
                RestoreMode.VERIFY, false, "integration-test", null));
    }

    private static RestoreRequested send(RestoreRequested command) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.RESTORE_REQUESTED, command.messageKey(),
                    new EventCodec().encode(command))).get(30, TimeUnit.SECONDS);
        }
        return command;
    }
}
