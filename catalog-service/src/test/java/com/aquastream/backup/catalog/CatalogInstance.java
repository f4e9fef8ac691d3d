package com.aquastream.backup.catalog;

import static org.awaitility.Awaitility.await;

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
 * One running catalog-service, configured the way an operator would (command-line properties), against the test
 * PostgreSQL database it is given and the test broker. Its consumer group is its own and starts at the topics' end,
 * so results other tests publish for other databases never reach it before it is ready.
 */
public final class CatalogInstance implements AutoCloseable {

    public static final String TOKEN = "test-token-" + UUID.randomUUID();
    /** A restore signing key for the instances that issue restores (not set by default: restores then answer 503). */
    public static final String SIGNING_KEY = "test-signing-key-" + UUID.randomUUID();
    /** The expiry signing key every instance has by default (retention is paused without one). */
    static final String EXPIRY_KEY = "test-expiry-key-" + UUID.randomUUID();

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();

    private CatalogInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance and waits until its job consumers own their partitions. */
    public static CatalogInstance start(TestDatabase catalogDatabase, Map<String, Object> properties) {
        return start(catalogDatabase, properties, new Class<?>[0]);
    }

    /** The same, with extra bean sources (e.g. a {@code @Primary} simulated clock). */
    public static CatalogInstance start(TestDatabase catalogDatabase, Map<String, Object> properties,
                                 Class<?>... extraSources) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.putAll(TestKafka.springProperties("catalog-service"));
        all.put("backup.platform.consumer.group", "catalog-service-it-" + UUID.randomUUID());
        all.put("backup.platform.consumer.auto-offset-reset", "latest");
        all.put("spring.datasource.url", catalogDatabase.jdbcUrl());
        all.put("server.port", "0");
        all.put("logging.structured.format.console", "");
        all.put("catalog.api.token", TOKEN);
        all.put("backup.platform.outbox.poll-interval", "100ms");
        all.put("catalog.schedule.cron", "-");
        all.put("catalog.retention.cron", "-");
        all.put("catalog.verification.cron", "-");
        all.put("catalog.expiry.signing-key", EXPIRY_KEY);
        all.putAll(properties);
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        CatalogInstance instance = new CatalogInstance(new SpringApplicationBuilder(CatalogServiceApplication.class)
                .sources(extraSources).run(args));
        await().atMost(Duration.ofSeconds(60)).until(instance::consumersReady);
        return instance;
    }

    /** Every job consumer owns its partitions and has polled since (the platform's readiness, on the system clock). */
    private boolean consumersReady() {
        var consumers = context.getBeansOfType(JobConsumer.class).values();
        return !consumers.isEmpty() && consumers.stream().allMatch(JobConsumer::isReady);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** GET as a client holding the API token (reads are protected by default). */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + TOKEN)
                .GET());
    }

    /** GET with no Authorization header, as anyone who can reach the port. */
    public HttpResponse<String> getAnonymously(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    public HttpResponse<String> post(String path, String json, String token) {
        return write("POST", path, json, token);
    }

    HttpResponse<String> delete(String path, String token) {
        return write("DELETE", path, null, token);
    }

    private HttpResponse<String> write(String method, String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
