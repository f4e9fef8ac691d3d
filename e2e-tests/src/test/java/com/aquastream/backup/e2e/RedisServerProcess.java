package com.aquastream.backup.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own, set up as docker-compose.yml's {@code redis} service is: a password
 * ({@code requirepass}, from a config file readable by its owner only, never on a command line) and an hourly
 * snapshot ({@code save 3600 1}). The test backs it up instead of whatever Redis the machine runs on 6379, which it
 * did not create and whose password it does not know.
 */
final class RedisServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RedisServerProcess start(Path dir, String password) throws IOException {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = dir.resolve("redis.conf");
        Files.deleteIfExists(config);
        Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(config, String.join("\n", "bind 127.0.0.1", "port " + port, "requirepass " + password,
                "save 3600 1", "dir " + dir, "dbfilename dump.rdb", ""), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder("redis-server", config.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "redis-server-kill"));
        RedisServerProcess redis = new RedisServerProcess(process, port);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(redis::listening);
        return redis;
    }

    int port() {
        return port;
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server ended with exit code " + process.exitValue());
        }
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
