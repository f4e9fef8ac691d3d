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

/**
 * Boots a service against the test broker and checks what every service must serve, health and Prometheus, and what
 * it must not: the actuator endpoints an operator has not configured ({@link #NOT_EXPOSED_BY_DEFAULT}) answer 404.
 */
public final class ServiceSmoke {

    /** Actuator endpoints every service has but serves only when the operator exposes them. */
    public static final List<String> NOT_EXPOSED_BY_DEFAULT = List.of("/actuator/env", "/actuator/metrics",
            "/actuator/info", "/actuator/beans", "/actuator/configprops");

    private ServiceSmoke() {
    }

    /**
     * Starts {@code application} on a free port with {@code extraArgs}, asserts health UP and Prometheus output, and
     * that {@link #NOT_EXPOSED_BY_DEFAULT} answer 404.
     */
    public static void assertServesHealthAndPrometheus(Class<?> application, String... extraArgs) throws Exception {
        assertServesHealthPrometheusAnd(application, Map.of(), extraArgs);
    }

    /** As {@link #assertServesHealthAndPrometheus}, and each path of {@code alsoHides} answers 404 too. */
    public static void assertServesHealthAndPrometheusAndHides(Class<?> application, List<String> alsoHides,
                                                               String... extraArgs) throws Exception {
        assertServes(application, Map.of(), alsoHides, extraArgs);
    }

    /**
     * As {@link #assertServesHealthAndPrometheus}, and each path of {@code alsoServes} answers 200 with a body
     * containing its text (a Prometheus line, a service's own endpoint, exposed by {@code extraArgs}); a path of
     * {@link #NOT_EXPOSED_BY_DEFAULT} that is not one of them still answers 404.
     */
    public static void assertServesHealthPrometheusAnd(Class<?> application, Map<String, String> alsoServes,
                                                       String... extraArgs) throws Exception {
        assertServes(application, alsoServes, List.of(), extraArgs);
    }

    private static void assertServes(Class<?> application, Map<String, String> alsoServes, List<String> alsoHides,
                                     String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(TestKafka.springArguments(principalOf(application)));
        args.addAll(List.of(
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
            List<String> hidden = new ArrayList<>(alsoHides);
            NOT_EXPOSED_BY_DEFAULT.stream().filter(path -> !alsoServes.containsKey(path)).forEach(hidden::add);
            for (String path : hidden) {
                HttpResponse<String> response = get(http, base + path);
                assertThat(response.statusCode()).as(path + " is not configured: " + response.body()).isEqualTo(404);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Kafka principal of a service: its application class's name in kebab case (BackupWorkerApplication: backup-worker). */
    static String principalOf(Class<?> application) {
        String name = application.getSimpleName().replaceFirst("Application$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
