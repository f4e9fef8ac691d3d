package com.aquastream.backup.worker;

import static com.aquastream.backup.worker.WorkerFixtures.assertSidecarMatches;
import static com.aquastream.backup.worker.WorkerFixtures.send;
import static com.aquastream.backup.worker.WorkerFixtures.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.redis.ThrowawayRedis;
import com.aquastream.backup.core.redis.RedisConnection;
import com.aquastream.backup.core.redis.RedisEndpoint;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis snapshots end to end: real Kafka, the shared Redis at 127.0.0.1:6379 (test keys only, under a unique prefix
 * in logical db 9, removed afterwards), throwaway redis-servers, and a restore the way the SERVICE.md procedure does
 * it: the gunzipped snapshot as {@code dump.rdb} of a fresh server.
 */
class RedisBackupIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int TEST_DB = 9;
    private static final String PREFIX = "backup-worker-it:" + UUID.randomUUID() + ":";
    private static final RedisEndpoint SHARED = new RedisEndpoint("127.0.0.1", 6379, null, Duration.ofSeconds(10));

    @TempDir
    static Path store;
    @TempDir
    static Path busyDir;
    @TempDir
    static Path writtenDir;

    static Map<String, String> knownKeys;
    static ThrowawayRedis busy;
    static ThrowawayRedis written;
    static int downPort;
    static WorkerInstance worker;
    static EventCollector events;

    @BeforeAll
    static void startWorker() throws IOException {
        knownKeys = givenKnownKeysInTheSharedRedis(50);
        busy = ThrowawayRedis.startIn(busyDir, "--rdb-key-save-delay", "200");
        givenKeys(busy.port(), 0, 2_000);
        written = ThrowawayRedis.startIn(writtenDir, "--rdb-key-save-delay", "50");
        givenKeys(written.port(), 0, 3_000);
        downPort = ThrowawayRedis.freePort();
        events = new EventCollector(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED,
                Topics.deadLetterOf(Topics.BACKUP_REQUESTED));
        String pool = "it-redis-" + UUID.randomUUID().toString().substring(0, 8);
        worker = WorkerInstance.start(Map.of(
                "backup.worker.pool", pool,
                "backup.worker.expiry-group", "backup-worker-it-expiry-" + pool,
                "backup.platform.store.type", "filesystem",
                "backup.platform.store.filesystem-root", store.toString(),
                "backup.worker.redis.instances.shared", "127.0.0.1:6379",
                "backup.worker.redis.instances.busy", busy.address(),
                "backup.worker.redis.instances.written", written.address(),
                "backup.worker.redis.instances.down", "127.0.0.1:" + downPort));
    }

    @AfterAll
    static void stopWorker() throws IOException {
        if (worker != null) {
            worker.close();
        }
        if (events != null) {
            events.close();
        }
        if (written != null) {
            written.close();
        }
        if (busy != null) {
            busy.close();
        }
        removeKnownKeys();
    }

    @Test
    void storesASnapshotWithItsChecksumThatAFreshServerLoadsWithTheSameKeysAndValues(@TempDir Path restoreDir)
            throws Exception {
        BackupRequested request = aManualRedisRequest("shared");

        send(request);

        BackupCompleted completed = events.await(BackupCompleted.class, BackupCompleted::requestId,
                request.requestId(), TIMEOUT);
        assertThat(completed.database()).isEqualTo("redis");
        assertThat(completed.schema()).isEqualTo("shared");
        assertThat(completed.format()).isEqualTo("redis-rdb");
        assertThat(completed.compression()).isEqualTo("gzip");
        assertThat(completed.serverVersion()).startsWith("7.");
        assertThat(completed.toolVersion()).isEqualTo("redis-rdb-sync/1");
        assertThat(completed.tableRowCounts()).containsKey("db" + TEST_DB);
        assertThat(completed.tableRowCounts().get("db" + TEST_DB)).isGreaterThanOrEqualTo(knownKeys.size());
        assertThat(completed.objects()).singleElement()
                .satisfies(o -> assertThat(o.key()).matches("redis/shared/dump_\\d{8}T\\d{6}Z\\.rdb\\.gz"));
        Path object = store.resolve(completed.objects().get(0).key());
        byte[] stored = Files.readAllBytes(object);
        assertThat(sha256(stored)).isEqualTo(completed.sha256());
        assertThat(completed.sizeBytes()).isEqualTo(stored.length);
        assertSidecarMatches(object);
        assertThat(Files.exists(object.resolveSibling(object.getFileName() + ".manifest.json"))).isTrue();

        gunzipAsDumpRdb(object, restoreDir);
        try (ThrowawayRedis restored = ThrowawayRedis.loading(restoreDir)) {
            assertThat(valuesOf(restored.port(), TEST_DB, knownKeys.keySet().stream().toList()))
                    .isEqualTo(knownKeys);
        }
    }

    @Test
    void waitsForABgsaveAlreadyInProgressAndStoresACompleteSnapshot(@TempDir Path restoreDir) throws Exception {
        String reply = busy.command("BGSAVE");
        assertThat(reply).contains("Background saving started");
        assertThat(busy.command("INFO", "persistence")).contains("rdb_bgsave_in_progress:1");
        BackupRequested request = aManualRedisRequest("busy");

        send(request);

        BackupCompleted completed = events.await(BackupCompleted.class, BackupCompleted::requestId,
                request.requestId(), TIMEOUT);
        assertThat(completed.tableRowCounts()).containsEntry("db0", 2_000L);
        Path object = store.resolve(completed.objects().get(0).key());
        assertThat(sha256(Files.readAllBytes(object))).isEqualTo(completed.sha256());
        gunzipAsDumpRdb(object, restoreDir);
        try (ThrowawayRedis restored = ThrowawayRedis.loading(restoreDir)) {
            assertThat(restored.command("DBSIZE")).isEqualTo("2000");
            assertThat(restored.command("GET", "key:1999")).isEqualTo("value-1999");
        }
    }

    @Test
    void recordsTheSnapshotsOwnKeyCountsWhileTheInstanceIsBeingWrittenTo(@TempDir Path restoreDir) throws Exception {
        AtomicLong writes = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (RedisConnection c = RedisConnection.open(ThrowawayRedis.endpoint(written.port()))) {
                while (writing.get()) {
                    c.command("SET", "new:" + writes.incrementAndGet(), "v");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "redis-writer");
        writer.start();
        BackupCompleted completed;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> writes.get() > 500);
            BackupRequested request = aManualRedisRequest("written");
            send(request);
            completed = events.await(BackupCompleted.class, BackupCompleted::requestId, request.requestId(),
                    TIMEOUT);
        } finally {
            writing.set(false);
            writer.join(10_000);
        }

        Path object = store.resolve(completed.objects().get(0).key());
        gunzipAsDumpRdb(object, restoreDir);
        try (ThrowawayRedis restored = ThrowawayRedis.loading(restoreDir)) {
            long inSnapshot = Long.parseLong(restored.command("DBSIZE"));
            assertThat(inSnapshot).isGreaterThan(3_500);
            assertThat(completed.tableRowCounts()).containsExactly(Map.entry("db0", inSnapshot));
        }
    }

    @Test
    void aRedisThatIsDownYieldsARetryableBackupFailedAndNoObject() throws Exception {
        BackupRequested request = aManualRedisRequest("down");

        send(request);

        BackupFailed failed = events.await(BackupFailed.class, BackupFailed::requestId, request.requestId(), TIMEOUT);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.reason()).contains("down").contains("127.0.0.1:" + downPort);
        assertThat(store.resolve("redis/down")).doesNotExist();
    }

    @Test
    void refusesAnInstanceThatIsNotConfigured() {
        BackupRequested request = aManualRedisRequest("elsewhere");

        send(request);

        BackupFailed failed = events.await(BackupFailed.class, BackupFailed::requestId, request.requestId(), TIMEOUT);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.reason()).startsWith("rejected:").contains("elsewhere");
    }

    /** Manual snapshot names are to the second; distinct slots keep this class's requests apart. */
    private static BackupRequested aManualRedisRequest(String instance) {
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(SLOTS.getAndIncrement() * 1000L);
        return WorkerFixtures.aManualRequestAt("redis", instance, slot);
    }

    private static final java.util.concurrent.atomic.AtomicInteger SLOTS = new java.util.concurrent.atomic.AtomicInteger();

    private static Map<String, String> givenKnownKeysInTheSharedRedis(int count) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        try (RedisConnection c = RedisConnection.open(SHARED)) {
            c.command("SELECT", Integer.toString(TEST_DB));
            for (int i = 0; i < count; i++) {
                String key = PREFIX + i;
                String value = "value " + i + " ünïcödé \t" + "x".repeat(i * 7);
                c.command("SET", key, value);
                keys.put(key, value);
            }
        }
        return keys;
    }

    private static void removeKnownKeys() throws IOException {
        if (knownKeys == null) {
            return;
        }
        try (RedisConnection c = RedisConnection.open(SHARED)) {
            c.command("SELECT", Integer.toString(TEST_DB));
            for (String key : knownKeys.keySet()) {
                c.command("DEL", key);
            }
        }
    }

    private static void givenKeys(int port, int db, int count) throws IOException {
        try (RedisConnection c = RedisConnection.open(ThrowawayRedis.endpoint(port))) {
            c.command("SELECT", Integer.toString(db));
            for (int i = 0; i < count; i++) {
                c.command("SET", "key:" + i, "value-" + i);
            }
        }
    }

    private static Map<String, String> valuesOf(int port, int db, List<String> keys) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        try (RedisConnection c = RedisConnection.open(ThrowawayRedis.endpoint(port))) {
            c.command("SELECT", Integer.toString(db));
            for (String key : keys) {
                values.put(key, c.command("GET", key));
            }
        }
        return values;
    }

    /** What an operator does: {@code gunzip -c dump_….rdb.gz > DIR/dump.rdb}. */
    private static void gunzipAsDumpRdb(Path object, Path dir) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(object))) {
            Files.copy(in, dir.resolve("dump.rdb"));
        }
    }
}
