package com.aquastream.backup.restore;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.testsupport.TestKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A restore-worker running as a JVM of its own, as in production, so a test can kill it the way the OOM killer or
 * {@code kill -9} does: at once, without a shutdown hook, leaving its child processes (psql, pg_restore) orphaned.
 * Its log goes to a file, shown when a test fails.
 */
final class RestoreWorkerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;

    private RestoreWorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts a worker with {@code args} (Spring Boot {@code --name=value}) and waits until its consumer is UP. */
    static RestoreWorkerProcess start(Path logDir, String name, List<String> args) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), RestoreWorkerApplication.class.getName(),
                "--server.port=" + port,
                "--logging.structured.format.console="));
        command.addAll(args);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Its Kafka login through the environment, as a deployed worker gets it (never on the command line).
        builder.environment().putAll(TestKafka.environment("restore-worker"));
        Process process = builder.start();
        RestoreWorkerProcess worker = new RestoreWorkerProcess(process, log);
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the worker " + name + " ended while starting:\n" + worker.log());
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 && r.body().contains("\"UP\"");
                } catch (IOException notListeningYet) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, as {@code kill -9 <pid>} sends it; returns once the JVM is gone. */
    void killNine() throws Exception {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -9 " + process.pid() + " failed");
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the worker did not die after kill -9");
        }
    }

    /** The worker's output so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unavailable: " + e + ")";
        }
    }

    /** Stops the worker (SIGTERM, then SIGKILL if it does not stop in time). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
