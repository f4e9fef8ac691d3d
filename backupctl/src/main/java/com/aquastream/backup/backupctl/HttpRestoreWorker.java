package com.aquastream.backup.backupctl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@link RestoreWorker} over HTTP: the worker's {@code /actuator/restores}, asked with a short timeout. */
final class HttpRestoreWorker implements RestoreWorker {

    static final String PATH = "/actuator/restores";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    HttpRestoreWorker(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public List<RunningRestore> running() {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + PATH))
                    .timeout(TIMEOUT).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : List.of();
        } catch (IOException | IllegalArgumentException | JacksonException e) {
            return List.of(); // progress is a courtesy: the answer on the bus is what counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The endpoint's {@code {"running": [...]}}; rows without a restore id or step are left out. */
    static List<RunningRestore> parse(String body) {
        List<RunningRestore> running = new ArrayList<>();
        for (JsonNode row : Json.read(body).path("running")) {
            String id = row.path("restoreId").asString(null);
            String step = row.path("step").asString(null);
            if (id == null || step == null) {
                continue;
            }
            try {
                running.add(new RunningRestore(UUID.fromString(id), row.path("mode").asString(null),
                        row.path("source").asString(null), row.path("target").asString(null), step,
                        row.path("runningSeconds").asLong(0), row.path("archiveBytes").asLong(0)));
            } catch (IllegalArgumentException notAnId) {
                // another worker version's row: skip it
            }
        }
        return running;
    }
}
