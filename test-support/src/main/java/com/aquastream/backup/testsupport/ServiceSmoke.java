package com.aquastream.backup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Boots a service against the test broker and checks what every service must serve: health and metrics. */
public final class ServiceSmoke {

    private ServiceSmoke() {
    }

    /** Starts {@code application} on a free port with {@code extraArgs}, asserts health UP and Prometheus output. */
    public static void assertServesHealthAndPrometheus(Class<?> application, String... extraArgs) throws Exception {
        assertServesHealthPrometheusAnd(application, Map.of(), extraArgs);
    }

    /**
     * As {@link #assertServesHealthAndPrometheus}, and each path of {@code alsoServes} answers 200 with a body
     * containing its text (a Prometheus line, a service's own endpoint).
     */
    public static void assertServesHealthPrometheusAnd(Class<?> application, Map<String, String> alsoServes,
                                                       String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--server.port=0",
                "--logging.structured.format.console="));
        args.addAll(List.of(extraArgs));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .run(args.toArray(String[]::new))) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();

            // Consumers report UP once they have polled, a moment after the context is ready.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> get(http, base + "/actuator/health").statusCode() == 200);
            HttpResponse<String> health = get(http, base + "/actuator/health");
            HttpResponse<String> metrics = get(http, base + "/actuator/prometheus");

            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            for (Map.Entry<String, String> also : alsoServes.entrySet()) {
                HttpResponse<String> response = get(http, base + also.getKey());
                assertThat(response.statusCode()).as(also.getKey() + ": " + response.body()).isEqualTo(200);
                assertThat(response.body()).as(also.getKey()).contains(also.getValue());
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
