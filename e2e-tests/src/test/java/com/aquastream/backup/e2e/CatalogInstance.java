package com.aquastream.backup.e2e;

import static org.awaitility.Awaitility.await;

import com.aquastream.backup.catalog.CatalogServiceApplication;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real catalog-service, started in the test JVM with an operator's command-line settings, on its own catalog
 * database, with its own consumer group starting at the topics' end (results of other tests never reach it).
 */
final class CatalogInstance implements AutoCloseable {

    /**
     * The expiry signing key the catalog signs {@code backup.expired} with and the worker checks it against
     * ({@link WorkerInstance}); without it the catalog would expire nothing and the worker delete nothing.
     */
    static final String EXPIRY_KEY = "e2e-expiry-key-" + UUID.randomUUID();
    /** The API token every instance has; reads need it too (catalog.api.protect-reads is on by default). */
    static final String API_TOKEN = "e2e-" + UUID.randomUUID();

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();

    private CatalogInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts an instance with extra bean sources (e.g. the simulated clock) and waits until its job consumers own
     * their partitions.
     */
    static CatalogInstance start(TestDatabase catalogDatabase, Map<String, Object> properties,
                                 Class<?>... extraSources) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.putAll(TestKafka.springProperties("catalog-service"));
        all.put("backup.platform.consumer.group", "catalog-service-e2e-" + UUID.randomUUID());
        all.put("backup.platform.consumer.auto-offset-reset", "latest");
        all.put("spring.datasource.url", catalogDatabase.jdbcUrl());
        all.put("server.port", "0");
        all.put("logging.structured.format.console", "");
        all.put("catalog.api.token", API_TOKEN);
        all.put("backup.platform.outbox.poll-interval", "50ms");
        all.put("catalog.retention.cron", "-");
        // No restore drills: with RESTORE_SIGNING_KEY in the environment they would start issuing VERIFY commands.
        all.put("catalog.verification.cron", "-");
        all.put("catalog.expiry.signing-key", EXPIRY_KEY);
        all.putAll(properties);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CatalogServiceApplication.class)
                .sources(extraSources)
                .run(ServiceArguments.of(CatalogServiceApplication.class, all));
        CatalogInstance instance = new CatalogInstance(context);
        await().atMost(Duration.ofSeconds(60)).until(instance::consumersReady);
        return instance;
    }

    /** Every job consumer owns its partitions and has polled since (the platform's readiness, on the system clock). */
    private boolean consumersReady() {
        var consumers = context.getBeansOfType(JobConsumer.class).values();
        return !consumers.isEmpty() && consumers.stream().allMatch(JobConsumer::isReady);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** GET on the catalog's HTTP API with the token; the body of a 200 answer. */
    String get(String pathAndQuery) {
        URI uri = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
                + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + API_TOKEN).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
