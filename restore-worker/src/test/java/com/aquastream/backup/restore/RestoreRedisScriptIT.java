package com.aquastream.backup.restore;

import static com.aquastream.backup.restore.RedisArchiveFixtures.aSnapshotOf;
import static com.aquastream.backup.restore.RedisArchiveFixtures.givenKeys;
import static com.aquastream.backup.restore.RedisArchiveFixtures.withCounts;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.redis.ThrowawayRedis;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.redis.RedisConnection;
import com.aquastream.backup.core.redis.RedisEndpoint;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.testsupport.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's bin/restore-redis against real servers: snapshots of a throw-away source with known keys in a
 * filesystem store (object, sidecar, manifest as the backup-worker writes them), restored into another throw-away
 * redis-server that the script stops and starts again. The shared Redis at 6379 is never touched.
 */
class RestoreRedisScriptIT {

    @TempDir
    static Path sourceDir;
    @TempDir
    static Path storeRoot;
    @TempDir
    Path targetDir;

    static ThrowawayRedis source;
    static FilesystemObjectStore store;
    static int slot;

    ThrowawayRedis target;

    @BeforeAll
    static void givenASourceWithKnownKeys() throws Exception {
        source = ThrowawayRedis.startIn(sourceDir);
        givenKeys(ThrowawayRedis.endpoint(source.port()), 0, "order:", 300);
        givenKeys(ThrowawayRedis.endpoint(source.port()), 5, "feature:", 9);
        store = new FilesystemObjectStore(storeRoot);
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @AfterEach
    void stopTarget() {
        if (target != null) {
            target.close();
            shutdownQuietly(target.port()); // the server the script started again is not the test's child process
        }
    }

    @Test
    void restoresTheKnownKeysAndKeepsThePreviousFile() throws Exception {
        BackupCompleted backup = aSnapshot(Compression.GZIP);
        givenATargetWithOtherData();

        Run run = restoreRedis(backup.objects().get(0).key());

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("[2] sha256 " + backup.sha256()).contains("[4] stopped the instance")
                .contains("[7] db0: expected 300 keys, found 300  ok")
                .contains("[7] db5: expected 9 keys, found 9  ok");
        assertThat(command(0, "GET", "order:299")).isEqualTo("value-299");
        assertThat(command(5, "GET", "feature:8")).isEqualTo("value-8");
        assertThat(command(0, "EXISTS", "written-after-the-backup")).isEqualTo("0");
        try (Stream<Path> files = Files.list(targetDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("dump.rdb.before-restore-"))
                    .noneMatch(n -> n.startsWith(".restore-redis-"));
        }
    }

    @Test
    void stopsTheInstanceWithTheOperatorsCommandWhenGivenOne() throws Exception {
        BackupCompleted backup = aSnapshot(Compression.GZIP);
        givenATargetWithOtherData();
        String stop = "redis-cli -p " + target.port() + " SHUTDOWN NOSAVE";

        Run run = restoreRedis(backup.objects().get(0).key(), "--stop-command", stop);

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("[4] stopped the instance at 127.0.0.1:" + target.port() + " (" + stop + ")");
        assertThat(command(5, "DBSIZE")).isEqualTo("9");
    }

    @Test
    void restoresAZstdSnapshotToo() throws Exception {
        BackupCompleted backup = aSnapshot(Compression.ZSTD);
        givenATargetWithOtherData();

        Run run = restoreRedis(backup.objects().get(0).key());

        assertThat(run.exit).as(run.output).isZero();
        assertThat(command(0, "DBSIZE")).isEqualTo("300");
    }

    @Test
    void refusesAnArchiveWithOneFlippedByteWithoutStoppingTheInstance() throws Exception {
        BackupCompleted backup = aSnapshot(Compression.GZIP);
        Path object = storeRoot.resolve(backup.objects().get(0).key());
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(object, bytes);
        givenATargetWithOtherData();

        Run run = restoreRedis(backup.objects().get(0).key());

        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(run.output).contains("checksum mismatch").contains("the instance was not stopped")
                .doesNotContain("[4]");
        assertThat(command(0, "GET", "written-after-the-backup")).isEqualTo("still here");
    }

    @Test
    void saysSoWhenTheRestoredKeysDifferFromTheRecord() throws Exception {
        BackupCompleted taken = aSnapshot(Compression.GZIP);
        ArchiveFixtures.writeRecord(store, withCounts(taken, Map.of("db0", 301L, "db5", 9L)));
        givenATargetWithOtherData();

        Run run = restoreRedis(taken.objects().get(0).key());

        assertThat(run.exit).as(run.output).isEqualTo(3);
        assertThat(run.output).contains("db0: expected 301 keys, found 300  DIFFERS")
                .contains("db5: expected 9 keys, found 9  ok");
    }

    @Test
    void refusesWhenTheInstanceIsDownAndItsDirectoryIsNotNamed() throws Exception {
        BackupCompleted backup = aSnapshot(Compression.GZIP);
        givenATargetWithOtherData();
        target.close();

        Run run = restoreRedis(backup.objects().get(0).key());

        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(run.output).contains("does not answer; name its directory with --data-dir");
    }

    private BackupCompleted aSnapshot(Compression compression) throws Exception {
        return aSnapshotOf("orders", ThrowawayRedis.endpoint(source.port()), store,
                Instant.parse("2025-08-18T02:00:00Z").plusSeconds(slot++), compression);
    }

    /** A running instance with a saved dump.rdb of its own and a key the backup does not have. */
    private void givenATargetWithOtherData() throws IOException {
        target = ThrowawayRedis.startIn(targetDir);
        target.command("SET", "written-after-the-backup", "still here");
        target.command("SAVE");
    }

    private String command(int db, String... args) throws IOException {
        try (RedisConnection c = RedisConnection.open(ThrowawayRedis.endpoint(target.port()))) {
            c.command("SELECT", Integer.toString(db));
            return c.command(args);
        }
    }

    private record Run(int exit, String output) {
    }

    private Run restoreRedis(String key, String... options) throws Exception {
        Path script = RepositoryRoot.containing("bin/restore-redis").resolve("bin/restore-redis");
        int port = target.port();
        String start = "redis-server --port " + port + " --bind 127.0.0.1 --save '' --appendonly no --dir '"
                + targetDir + "' --dbfilename dump.rdb --daemonize yes --logfile '" + targetDir
                + "/restarted.log'";
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "--port", Integer.toString(port),
                "--store-dir", storeRoot.toString(), "--wait", "30", "--start-command", start));
        command.addAll(List.of(options));
        command.add(key);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.println(output);
        return new Run(p.exitValue(), output);
    }

    private static void shutdownQuietly(int port) {
        try (RedisConnection c = RedisConnection.open(new RedisEndpoint("127.0.0.1", port, null,
                Duration.ofSeconds(2)))) {
            c.command("SHUTDOWN", "NOSAVE");
        } catch (IOException e) {
            // not running, or it closed the connection while shutting down: either way it is gone
        }
    }
}
