package com.aquastream.backup.backupctl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The catalog's API in memory: scripted answers per path (each GET takes the next one and the last one stays), every
 * request recorded. A path without a script answers {@link #defaultBody}.
 */
final class FakeCatalog implements Catalog {

    final List<String> requests = new ArrayList<>();
    final Map<String, String> posted = new HashMap<>();
    private final Map<String, Deque<Supplier<String>>> answers = new HashMap<>();
    Supplier<String> defaultBody = () -> "[]";

    /** {@code GET path} (or {@code POST path}) answers these bodies in turn. */
    FakeCatalog answer(String path, String... bodies) {
        Deque<Supplier<String>> queue = answers.computeIfAbsent(path, p -> new ArrayDeque<>());
        for (String body : bodies) {
            queue.add(() -> body);
        }
        return this;
    }

    /** {@code path} fails as an unreachable or refusing catalog would. */
    FakeCatalog fail(String path, int exitCode, String message) {
        answers.computeIfAbsent(path, p -> new ArrayDeque<>()).add(() -> {
            throw new BackupctlException(exitCode, message);
        });
        return this;
    }

    @Override
    public String get(String path) {
        requests.add("GET " + path);
        return next(path);
    }

    @Override
    public String post(String path, String json) {
        requests.add("POST " + path);
        posted.put(path, json);
        return next(path);
    }

    private String next(String path) {
        Deque<Supplier<String>> queue = answers.get(path);
        if (queue == null || queue.isEmpty()) {
            return defaultBody.get();
        }
        return (queue.size() > 1 ? queue.poll() : queue.peek()).get();
    }
}
