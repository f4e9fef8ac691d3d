package com.aquastream.backup.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the golden files and compares JSON documents as trees (key order included, whitespace ignored). */
final class GoldenFiles {

    private GoldenFiles() {
    }

    static byte[] read(String topic) {
        String resource = "/golden/" + topic + ".json";
        try (InputStream in = GoldenFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no golden file " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document as a tree whose equality is JSON equality with member order: objects become lists of
     * [key, value] pairs, so two documents are equal exactly when they differ at most in whitespace.
     */
    static Object tree(byte[] json) {
        return ordered(Json.parse(json, Integer.MAX_VALUE, 1000));
    }

    private static Object ordered(Object node) {
        if (node instanceof Map<?, ?> object) {
            List<Object> members = new ArrayList<>();
            object.forEach((key, value) -> members.add(List.of(key, orderedOrNull(value))));
            return members;
        }
        if (node instanceof List<?> array) {
            List<Object> elements = new ArrayList<>();
            array.forEach(element -> elements.add(orderedOrNull(element)));
            return elements;
        }
        return node;
    }

    private static Object orderedOrNull(Object node) {
        return node == null ? "<null>" : ordered(node);
    }

    /** The document as a mutable map, for tests that edit a golden document. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(byte[] json) {
        return new LinkedHashMap<>((Map<String, Object>) Json.parse(json, Integer.MAX_VALUE, 1000));
    }
}
