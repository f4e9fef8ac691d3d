package com.aquastream.backup.e2e;

import com.aquastream.backup.testsupport.RepositoryRoot;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real offsite-replicator, its exec jar run as a {@link ServiceProcess} with its Kafka login and an operator's
 * settings ({@code SPRING_APPLICATION_JSON}). Not in the test JVM like the other services: e2e-tests does not depend
 * on the offsite-replicator module.
 */
final class OffsiteReplicatorProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ServiceProcess service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OffsiteReplicatorProcess(ServiceProcess service) {
        this.service = service;
    }

    /** Starts the replicator on {@code port} with {@code properties} and waits until both its consumers own partitions. */
    static OffsiteReplicatorProcess start(int port, Map<String, Object> properties) throws IOException {
        Path repo = RepositoryRoot.containing("offsite-replicator/pom.xml");
        Map<String, String> environment = new HashMap<>(TestKafka.environment("offsite-replicator"));
        environment.put("PATH", System.getenv("PATH"));
        environment.put("SERVER_PORT", String.valueOf(port));
        environment.put("LOG_FORMAT", "");
        environment.put("SPRING_APPLICATION_JSON", JSON.writeValueAsString(properties));
        Path work = Files.createTempDirectory("offsite-replicator-it");
        OffsiteReplicatorProcess replicator = new OffsiteReplicatorProcess(ServiceProcess.start("offsite-replicator",
                ServiceProcess.execJar(repo, "offsite-replicator"), environment, work,
                work.resolve("offsite-replicator.log")));
        try {
            replicator.awaitConsumersAssigned();
        } catch (RuntimeException | Error e) {
            replicator.close();
            throw e;
        }
        return replicator;
    }

    /**
     * Both job consumers own partitions: read from the replicator's own scrape
     * ({@code kafka_consumer_coordinator_assigned_partitions}, bound by KafkaClientMetrics), so a backup completed
     * afterwards is not missed by a group that starts at the topic's end.
     */
    private void awaitConsumersAssigned() {
        try {
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> service.healthy() && bothConsumersAssigned(scrape()));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("offsite-replicator's consumers own no partitions after " + START_TIMEOUT
                    + ":\n" + tail(), e);
        }
    }

    private static boolean bothConsumersAssigned(String scrape) {
        List<Double> assigned = scrape == null ? List.of() : scrape.lines()
                .filter(l -> l.startsWith("kafka_consumer_coordinator_assigned_partitions{"))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toList();
        return assigned.size() >= 2 && assigned.stream().allMatch(v -> v > 0);
    }

    /** {@code /actuator/prometheus}, or null while it does not answer. */
    String scrape() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.uri("/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException notListeningYet) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String tail() {
        return service.tail(60);
    }

    /** SIGTERM (graceful shutdown), SIGKILL after 30 s. */
    @Override
    public void close() {
        try {
            service.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
