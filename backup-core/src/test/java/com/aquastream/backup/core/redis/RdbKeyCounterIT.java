package com.aquastream.backup.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key counter on snapshots written by a real redis-server: every value encoding the server has, in several
 * logical databases, with TTLs, LFU/LRU annotations, functions and streams with consumer groups. The truth is the
 * server's own {@code INFO keyspace} of an idle server, read just before it saves.
 */
class RdbKeyCounterIT {

    @TempDir
    Path dir;

    @Test
    void countsEveryEncodingInEveryDatabaseExactlyAsTheServerDoes() throws Exception {
        try (ThrowawayRedis redis = ThrowawayRedis.startIn(dir, "--maxmemory-policy", "allkeys-lfu",
                "--databases", "32")) {
            RedisCommands c = new RedisCommands(redis, dir);
            c.everyEncodingIn(0);
            c.select(3).strings("three:", 100);
            c.select(31).run("HSET", "last", "f", "v");
            c.run("FUNCTION", "LOAD", "#!lua name=counterlib\nredis.register_function('one', function() return 1 end)");

            Map<String, Long> truth = c.keyspace();
            Path rdb = c.save();

            assertThat(truth).containsKeys("db0", "db3", "db31");
            assertThat(count(rdb)).isEqualTo(truth);
        }
    }

    @Test
    void countsKeysWithATtlAndKeysWhoseTtlRanOutButAreStillInTheSnapshot() throws Exception {
        try (ThrowawayRedis redis = ThrowawayRedis.startIn(dir, "--maxmemory-policy", "allkeys-lru",
                "--enable-debug-command", "yes")) {
            RedisCommands c = new RedisCommands(redis, dir);
            c.strings("plain:", 20);
            for (int i = 0; i < 30; i++) {
                c.run("SET", "ttl:" + i, "v", "EX", "3600");
            }
            c.run("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            long setAt = c.serverMillis();
            for (int i = 0; i < 5; i++) {
                c.run("SET", "gone:" + i, "v", "PX", "1");
            }
            // Expired by the server's clock, never touched again: still in memory, and INFO still counts them.
            await().atMost(Duration.ofSeconds(5)).until(() -> c.serverMillis() > setAt + 5);

            Map<String, Long> truth = c.keyspace();
            Path rdb = c.save();

            assertThat(truth).containsEntry("db0", 55L);
            assertThat(count(rdb)).isEqualTo(truth);
        }
    }

    @Test
    void passesTheSnapshotOnUnchangedWhileCountingIt() throws Exception {
        try (ThrowawayRedis redis = ThrowawayRedis.startIn(dir)) {
            RedisCommands c = new RedisCommands(redis, dir);
            c.everyEncodingIn(0);
            Map<String, Long> truth = c.keyspace();
            Path rdb = c.save();

            MessageDigest passed = MessageDigest.getInstance("SHA-256");
            KeyCountingStream counting;
            try (InputStream in = Files.newInputStream(rdb);
                 KeyCountingStream stream = new KeyCountingStream(in, "test")) {
                counting = stream;
                byte[] buffer = new byte[777]; // odd chunks, so values span them
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                    passed.update(buffer, 0, n);
                }
            }

            assertThat(HexFormat.of().formatHex(passed.digest())).isEqualTo(sha256(rdb));
            assertThat(counting.keysPerDatabase(10, TimeUnit.SECONDS)).contains(truth);
        }
    }

    @Test
    void countsASnapshotTakenOverTheReplicationProtocolOnItsWayThrough() throws Exception {
        try (ThrowawayRedis redis = ThrowawayRedis.startIn(dir)) {
            RedisCommands c = new RedisCommands(redis, dir);
            c.everyEncodingIn(0);
            c.select(2).strings("two:", 10);
            Map<String, Long> truth = c.keyspace();

            try (RdbSnapshot snapshot = RdbSnapshot.open(ThrowawayRedis.endpoint(redis.port()));
                 KeyCountingStream counted = new KeyCountingStream(snapshot.stream(), "test")) {
                counted.transferTo(java.io.OutputStream.nullOutputStream());
                assertThat(counted.keysPerDatabase(10, TimeUnit.SECONDS)).contains(truth);
            }
        }
    }

    static Map<String, Long> count(Path rdb) throws IOException {
        try (InputStream in = Files.newInputStream(rdb)) {
            return RdbKeyCounter.keysPerDatabase(in);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
