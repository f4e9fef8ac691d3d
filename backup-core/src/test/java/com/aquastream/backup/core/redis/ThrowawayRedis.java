package com.aquastream.backup.core.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code redis-server} of the test's own, started as a process (argument list, no shell) on a free port, with
 * persistence off ({@code --save "" --appendonly no}) and its files in a directory the test owns. Shared through
 * backup-core's test jar by the workers' Redis tests.
 */
public final class ThrowawayRedis implements AutoCloseable {

    private final Process process;
    private final int port;

    private ThrowawayRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** An empty server writing (only on an explicit BGSAVE or SYNC) into {@code dir}. */
    public static ThrowawayRedis startIn(Path dir, String... extraArgs) {
        return start(dir, "dump.rdb", extraArgs);
    }

    /** A server that loads {@code dir/dump.rdb} on start, as an operator's restore would. */
    public static ThrowawayRedis loading(Path dir) {
        return start(dir, "dump.rdb");
    }

    private static ThrowawayRedis start(Path dir, String dbFilename, String... extraArgs) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--dbfilename", dbFilename));
        command.addAll(List.of(extraArgs));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-server-" + port + ".log").toFile())
                    .start();
            ThrowawayRedis redis = new ThrowawayRedis(process, port);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> "PONG".equals(redis.command("PING")));
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public String command(String... args) throws IOException {
        try (RedisConnection c = RedisConnection.open(endpoint(port))) {
            return c.command(args);
        }
    }

    public static RedisEndpoint endpoint(int port) {
        return new RedisEndpoint("127.0.0.1", port, null, Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
