package com.aquastream.backup.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server ({@code prometheus}, Debian's package, which {@code .ci/run} installs) as a child process:
 * its own configuration and storage in a temporary folder, listening on a free port of 127.0.0.1, scraping the given
 * jobs' {@code /actuator/prometheus}. {@link #close()} ends it and everything it started, and deletes the folder.
 */
final class PrometheusServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * The {@code prometheus} binary: {@code PROMETHEUS_BIN} if set, else the first on the {@code PATH}. Missing, it
     * is a failure, not a skip: the dashboard's queries would go unchecked.
     */
    static Path binary() {
        String configured = System.getenv("PROMETHEUS_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator)).map(p -> Path.of(p, "prometheus"))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("No prometheus binary on the PATH (" + path + "): the"
                        + " dashboard's queries are checked against a real Prometheus server. Install Debian's"
                        + " package: sudo apt-get install prometheus (.ci/run does), or set PROMETHEUS_BIN."));
    }

    /** Starts Prometheus scraping each job's {@code 127.0.0.1:<port>/actuator/prometheus} every {@code interval}. */
    static PrometheusServer start(Map<String, Integer> jobPorts, Duration interval) throws IOException {
        Path binary = binary();
        Path dir = Files.createTempDirectory("prometheus-it");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, config(jobPorts, interval), StandardCharsets.UTF_8);
        int port = freePort();
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1d")
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(process, dir, port);
        try {
            server.awaitReady();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static String config(Map<String, Integer> jobPorts, Duration interval) {
        StringBuilder yml = new StringBuilder()
                .append("global:\n")
                .append("  scrape_interval: ").append(interval.toMillis()).append("ms\n")
                .append("  scrape_timeout: ").append(interval.toMillis()).append("ms\n")
                .append("  evaluation_interval: ").append(interval.toMillis()).append("ms\n")
                .append("scrape_configs:\n");
        jobPorts.forEach((job, port) -> yml
                .append("  - job_name: ").append(job).append('\n')
                .append("    metrics_path: /actuator/prometheus\n")
                .append("    static_configs:\n")
                .append("      - targets: [\"127.0.0.1:").append(port).append("\"]\n"));
        return yml.toString();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus ended with exit code " + process.exitValue() + ":\n"
                        + log());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(uri("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("prometheus not ready within " + START_TIMEOUT + ":\n" + log());
    }

    /** An instant query at the current time: the {@code data} of a successful answer, or a failure naming it. */
    JsonNode query(String promql) {
        URI uri = uri("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
                throw new IllegalArgumentException("query " + promql + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return body.get("data");
        } catch (IOException e) {
            throw new UncheckedIOException("query " + promql, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The series an instant query returns (a scalar or string result counts as one). */
    int seriesOf(String promql) {
        JsonNode data = query(promql);
        JsonNode result = data.get("result");
        return result.isArray() ? result.size() : 1;
    }

    String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("prometheus.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** Ends the process tree (TERM, then KILL after 15 s) and deletes its folder. */
    @Override
    public void close() {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle each : tree) {
            try {
                each.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                each.destroyForcibly();
            }
        }
        try {
            process.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
