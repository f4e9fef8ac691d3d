package com.aquastream.backup.restore;

import static com.aquastream.backup.restore.RedisArchiveFixtures.aSnapshotOf;
import static com.aquastream.backup.restore.RedisArchiveFixtures.givenKeys;
import static com.aquastream.backup.restore.RedisArchiveFixtures.withCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.redis.ThrowawayRedis;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import com.aquastream.backup.restore.recovery.redis.RedisScratchVerifier;
import com.aquastream.backup.restore.recovery.store.StoreArchiveFetcher;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis VERIFY drill on real snapshots: a throw-away source redis-server with known keys, snapshotted over the
 * replication protocol into a filesystem store with sidecar and manifest, fetched through the checksum checks, then
 * loaded by the verifier's own throw-away redis-server.
 */
class RedisScratchVerifierIT {

    @TempDir
    static Path sourceDir;
    @TempDir
    static Path storeRoot;
    @TempDir
    Path workDir;

    static ThrowawayRedis source;
    static FilesystemObjectStore store;

    @BeforeAll
    static void givenASourceWithKeysInThreeDatabases() throws Exception {
        source = ThrowawayRedis.startIn(sourceDir, "--databases", "32");
        givenKeys(ThrowawayRedis.endpoint(source.port()), 0, "user:", 2_000);
        givenKeys(ThrowawayRedis.endpoint(source.port()), 3, "session:", 30);
        givenKeys(ThrowawayRedis.endpoint(source.port()), 20, "cache:", 7);
        store = new FilesystemObjectStore(storeRoot);
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @AfterEach
    void leavesNoScratchDirectoryBehind() throws Exception {
        try (Stream<Path> left = Files.list(workDir)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("redis-verify-"))).isEmpty();
        }
    }

    @Test
    void findsTheRecordedKeysOfEveryDatabaseInAGzipSnapshot() throws Exception {
        BackupCompleted backup = aSnapshotOf("cache", ThrowawayRedis.endpoint(source.port()), store,
                Instant.now().minusSeconds(10), Compression.GZIP);

        List<TableCheck> checks = verifier().verify("cache", fetched(backup));

        assertThat(backup.tableRowCounts()).containsExactlyInAnyOrderEntriesOf(
                Map.of("db0", 2_000L, "db3", 30L, "db20", 7L));
        assertThat(checks).containsExactly(new TableCheck("db0", 2_000, 2_000), new TableCheck("db3", 30, 30),
                new TableCheck("db20", 7, 7));
    }

    @Test
    void readsAZstdSnapshotToo() throws Exception {
        BackupCompleted backup = aSnapshotOf("cache", ThrowawayRedis.endpoint(source.port()), store,
                Instant.now().minusSeconds(20), Compression.ZSTD);

        List<TableCheck> checks = verifier().verify("cache", fetched(backup));

        assertThat(checks).allMatch(TableCheck::matches).hasSize(3);
    }

    @Test
    void namesTheDatabaseWhoseRecordedCountDiffers() throws Exception {
        BackupCompleted taken = aSnapshotOf("cache", ThrowawayRedis.endpoint(source.port()), store,
                Instant.now().minusSeconds(30), Compression.GZIP);
        BackupCompleted recordedWrongly = withCounts(taken, Map.of("db0", 2_001L, "db3", 30L, "db20", 7L,
                "db5", 4L));
        ArchiveFixtures.writeRecord(store, recordedWrongly);

        List<TableCheck> checks = verifier().verify("cache", fetched(recordedWrongly));

        assertThat(checks).filteredOn(c -> !c.matches()).containsExactly(new TableCheck("db0", 2_001, 2_000),
                new TableCheck("db5", 4, 0));
    }

    @Test
    void countsKeysWhoseTtlRanOutSinceTheSnapshotAsTheSnapshotHasThem(@TempDir Path expiringDir) throws Exception {
        try (ThrowawayRedis expiring = ThrowawayRedis.startIn(expiringDir)) {
            givenKeys(ThrowawayRedis.endpoint(expiring.port()), 0, "stays:", 10);
            for (int i = 0; i < 5; i++) {
                expiring.command("SET", "short-lived:" + i, "v", "PX", "1500");
            }
            BackupCompleted backup = aSnapshotOf("expiring", ThrowawayRedis.endpoint(expiring.port()), store,
                    Instant.now().minusSeconds(60), Compression.GZIP);
            await().atMost(Duration.ofSeconds(10)).until(() -> "10".equals(expiring.command("DBSIZE")));

            List<TableCheck> checks = verifier().verify("expiring", fetched(backup));

            assertThat(backup.tableRowCounts()).containsExactly(Map.entry("db0", 15L));
            assertThat(checks).containsExactly(new TableCheck("db0", 15, 15));
        }
    }

    @Test
    void failsWithTheServersOwnWordsOnACorruptSnapshotAndStopsIt() throws Exception {
        byte[] truncatedRdb = "REDIS0010\u00fa\tredis-ver\u00057.0.15\u00fe\u0000\u00fb".getBytes(
                StandardCharsets.ISO_8859_1);
        VerifiedArchive archive = aGzipArchiveOf(truncatedRdb, Map.of("db0", 1L));

        assertThatThrownBy(() -> verifier().verify("cache", archive))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("exited")
                .hasMessageContaining("loading");
    }

    @Test
    void refusesAnArchiveThatIsNotAnRdbFileBeforeStartingAServer() throws Exception {
        VerifiedArchive archive = aGzipArchiveOf("PGDMP not a snapshot".getBytes(StandardCharsets.US_ASCII),
                Map.of("db0", 1L));

        assertThatThrownBy(() -> verifier().verify("cache", archive))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("not a Redis RDB file");
    }

    @Test
    void failsWhenTheRedisServerBinaryIsMissing() throws Exception {
        BackupCompleted backup = aSnapshotOf("cache", ThrowawayRedis.endpoint(source.port()), store,
                Instant.now().minusSeconds(40), Compression.GZIP);
        RedisScratchVerifier missing = new RedisScratchVerifier("/nonexistent/redis-server", workDir,
                Duration.ofMinutes(1));

        assertThatThrownBy(() -> missing.verify("cache", fetched(backup)))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("cannot start /nonexistent/redis-server");
    }

    @Test
    void verifiesTwoHundredThousandKeysInSeconds(@TempDir Path bigDir) throws Exception {
        try (ThrowawayRedis big = ThrowawayRedis.startIn(bigDir, "--enable-debug-command", "yes")) {
            big.command("DEBUG", "POPULATE", "200000", "key", "64");
            BackupCompleted backup = aSnapshotOf("big", ThrowawayRedis.endpoint(big.port()), store,
                    Instant.now().minusSeconds(50), Compression.GZIP);
            VerifiedArchive archive = fetched(backup);

            long started = System.nanoTime();
            List<TableCheck> checks = verifier().verify("big", archive);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(checks).containsExactly(new TableCheck("db0", 200_000, 200_000));
            System.out.printf("Redis VERIFY of 200000 keys (%d bytes gzip): %d ms%n", backup.sizeBytes(),
                    took.toMillis());
            assertThat(took).isLessThan(Duration.ofSeconds(30));
        }
    }

    private RedisScratchVerifier verifier() {
        return new RedisScratchVerifier("redis-server", workDir, Duration.ofMinutes(2));
    }

    private VerifiedArchive fetched(BackupCompleted backup) throws Exception {
        return new StoreArchiveFetcher(store, workDir.resolve("downloads")).fetch(backup.objects().get(0).key());
    }

    private VerifiedArchive aGzipArchiveOf(byte[] content, Map<String, Long> counts) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = Compression.GZIP.compress(gz, 6)) {
            out.write(content);
        }
        Path file = Files.write(workDir.resolve("archive-" + UUID.randomUUID() + ".gz"), gz.toByteArray());
        return new VerifiedArchive(file, "redis/cache/dump_20250101T000000Z.rdb.gz", UUID.randomUUID(), "unused",
                "gzip", counts);
    }
}
