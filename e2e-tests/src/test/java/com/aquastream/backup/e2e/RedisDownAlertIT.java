package com.aquastream.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.events.AlertRaised;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.testsupport.Closeables;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.IOException;
import java.net.ServerSocket;
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
 * The manual's "alert on failure" for Redis: the real backup-worker, configured with a Redis instance whose port
 * nothing listens on, retries and reports {@code backup.failed} (retryable); the real alerting-service turns that into
 * {@code alert.raised} for {@code redis.<instance>}. Quick retries keep it to seconds.
 */
class RedisDownAlertIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String INSTANCE = "down_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @TempDir
    static Path storeRoot;

    static int closedPort;
    static TestDatabase alertingDb;
    static AlertingInstance alerting;
    static WorkerInstance worker;
    static EventCollector events;

    @BeforeAll
    static void start() throws IOException {
        closedPort = aPortNothingListensOn();
        events = new EventCollector(Topics.BACKUP_FAILED, Topics.ALERT_RAISED);
        alertingDb = TestDatabases.create();
        // The real alerting-service on a database of its own, from the topics' end, nothing else watched.
        alerting = AlertingInstance.start(alertingDb, Map.of("alerting.targets.aquastream", ""));
        worker = WorkerInstance.start(Map.of(
                "backup.platform.store.type", "filesystem",
                "backup.platform.store.filesystem-root", storeRoot.toString(),
                "backup.worker.redis.instances." + INSTANCE, "127.0.0.1:" + closedPort,
                "backup.worker.redis.timeout", "2s"));
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(worker, alerting, events, alertingDb);
    }

    @Test
    void aRedisThatIsDownEndsInARetryableBackupFailedAndACriticalAlertForTheInstance() throws Exception {
        BackupRequested request = new BackupRequested(UUID.randomUUID(), Instant.now(), "redis", INSTANCE,
                UUID.randomUUID(), List.of(Tier.MANUAL), Trigger.MANUAL, "e2e", null);
        long started = System.nanoTime();

        send(request);

        BackupFailed failed = events.await(BackupFailed.class, BackupFailed::requestId, request.requestId(), TIMEOUT);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.reason()).contains(INSTANCE).contains("127.0.0.1:" + closedPort);
        AlertRaised alert = await().atMost(TIMEOUT).until(() -> events.all(AlertRaised.class).stream()
                .filter(a -> "redis".equals(a.database()) && INSTANCE.equals(a.schema())).findFirst().orElse(null),
                a -> a != null);
        assertThat(alert.rule()).isEqualTo("backup-failed");
        assertThat(alert.severity()).isEqualToIgnoringCase("critical");
        assertThat(alert.message()).contains("redis." + INSTANCE).contains("3 attempt(s)")
                .contains("127.0.0.1:" + closedPort);
        assertThat(events.records(Topics.ALERT_RAISED)).anySatisfy(r ->
                assertThat(r.key()).isEqualTo("redis." + INSTANCE));
        assertThat(storeRoot.resolve("redis/" + INSTANCE)).doesNotExist();
        System.out.printf("Redis down: backup.failed and alert.raised %d ms after the request%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static int aPortNothingListensOn() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void send(BackupRequested request) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.BACKUP_REQUESTED, request.messageKey(),
                    new EventCodec().encode(request))).get(30, TimeUnit.SECONDS);
        }
    }
}
