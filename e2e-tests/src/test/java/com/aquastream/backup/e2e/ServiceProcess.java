package com.aquastream.backup.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * One service's exec jar running as a JVM of its own, as its container runs it ({@code java -jar app.jar}), with
 * exactly the environment it is given: nothing of the test JVM's environment is inherited. Its output goes to a log
 * file whose tail a failing test shows.
 */
final class ServiceProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * The exec jar Maven's package phase built for {@code module} ({@code <module>/target/<module>-*-exec.jar}), or a
     * failure that says how to build it.
     */
    static Path execJar(Path repo, String module) throws IOException {
        Path target = repo.resolve(module).resolve("target");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
                found.forEach(jars::add);
            }
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected exactly one " + target + "/" + module + "-*-exec.jar, found "
                    + jars + ": build the services' exec jars first (./mvnw -B package -DskipTests, or a full"
                    + " ./mvnw verify, which packages every service before e2e-tests)");
        }
        return jars.get(0);
    }

    /**
     * Starts {@code java -jar jar} in {@code workDir} with {@code environment} only (the service's port is its
     * {@code SERVER_PORT}); returns at once, see {@link #healthy()}.
     */
    static ServiceProcess start(String name, Path jar, Map<String, String> environment, Path workDir, Path log)
            throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(log.getParent());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The image's "-XX:MaxRAMPercentage=75" is a share of a container's limit; here five JVMs share a
                // machine, so each gets a fixed heap instead.
                "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        int port = Integer.parseInt(environment.get("SERVER_PORT"));
        Process process = builder.start();
        // Should the test JVM end without its @AfterAll (a killed fork), nothing is left listening.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-kill"));
        return new ServiceProcess(name, process, log, port);
    }

    String name() {
        return name;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** {@code /actuator/health} answers 200 with status UP; a process that ended fails with its log. */
    boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " ended with exit code " + process.exitValue() + ":\n" + tail(60));
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && "UP".equals(JSON.readTree(response.body()).path("status").asString());
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last {@code lines} lines of the service's output. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "---- " + name + " (" + log + ", last " + lines + " lines)\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "---- " + name + ": log unavailable: " + e;
        }
    }

    /** SIGTERM, without waiting: lets several services shut down at once before {@link #close()} waits. */
    void requestStop() {
        if (process.isAlive()) {
            process.destroy();
        }
    }

    /** SIGTERM (the graceful shutdown), then SIGKILL if it does not end in time; returns once the JVM is gone. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }
}
