package com.aquastream.backup.backupctl;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for the catalog's API in backupctl's own tests: the catalog is not the unit under
 * test here, only what the CLI sends it and does with its answers. Scripted answers per method and path (the last one
 * stays); every request recorded with its token and body.
 */
final class StubCatalogServer implements AutoCloseable {

    record Answer(int status, String body) {
    }

    record Request(String method, String pathAndQuery, String authorization, String body) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final HttpServer server;

    StubCatalogServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestURI().toString();
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), target,
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + target);
            Answer answer = queue == null ? new Answer(404, "{\"detail\":\"not scripted\"}")
                    : queue.size() > 1 ? queue.poll() : queue.peek();
            byte[] bytes = answer.body().getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** {@code method pathAndQuery} answers these in turn. */
    StubCatalogServer answer(String method, String pathAndQuery, int status, String... bodies) {
        Deque<Answer> queue = answers.computeIfAbsent(method + " " + pathAndQuery, k -> new ArrayDeque<>());
        for (String body : bodies) {
            queue.add(new Answer(status, body));
        }
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
