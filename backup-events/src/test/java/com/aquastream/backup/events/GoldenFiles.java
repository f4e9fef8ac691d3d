package com.aquastream.backup.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the golden files and compares JSON documents as trees (key order included, whitespace ignored).
 *
 * <p>Public, and published in this module's test-jar with the files, so each consuming service runs the golden
 * files of its topics through its own inbound adapter (STYLE rule 3).
 */
public final class GoldenFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GoldenFiles() {
    }

    /** The golden file of {@code topic}, e.g. {@code backup.completed}. */
    public static byte[] read(String topic) {
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
    public static Object tree(byte[] json) {
        return ordered(JSON.readTree(json));
    }

    private static Object ordered(JsonNode node) {
        if (node.isObject()) {
            List<Object> members = new ArrayList<>();
            node.properties().forEach(member -> members.add(List.of(member.getKey(), ordered(member.getValue()))));
            return members;
        }
        if (node.isArray()) {
            List<Object> elements = new ArrayList<>();
            node.values().forEach(element -> elements.add(ordered(element)));
            return elements;
        }
        return node;
    }

    /** The document as a mutable map, for tests that edit a golden document. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(byte[] json) {
        return JSON.readValue(json, LinkedHashMap.class);
    }

    /** Writes a tree such as {@link #object} returns back as JSON. */
    static String toJson(Object tree) {
        return JSON.writeValueAsString(tree);
    }
}
