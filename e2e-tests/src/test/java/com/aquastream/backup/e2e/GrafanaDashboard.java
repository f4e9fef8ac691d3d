package com.aquastream.backup.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Grafana dashboard JSON file read as Grafana reads it: its panels (those inside collapsed rows included), each
 * panel's Prometheus queries with the variables interpolated, and its template variables' queries.
 */
final class GrafanaDashboard {

    /** The repository's dashboard, provisioned by ops/grafana/provisioning/dashboards. */
    static final String FILE = "ops/grafana/dashboards/backup-platform.json";
    /**
     * What Grafana's built-in variables become here. Only their shape matters to Prometheus (a duration, a number of
     * seconds); the durations are long enough to hold several scrapes of a test's 1 s interval.
     */
    static final Map<String, String> BUILT_INS = Map.of(
            "__rate_interval", "1m", "__interval", "15s", "__interval_ms", "15000", "__range", "5m",
            "__range_s", "300", "__range_ms", "300000");
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.+),\\s*(\\w+)\\s*\\)\\s*$");

    /** One query of one panel: {@code promql} is {@code expr} with Grafana's variables replaced. */
    record PanelQuery(String panel, int id, String refId, String expr, String promql) {
        String describe() {
            return "panel \"" + panel + "\" (id " + id + "), query " + refId + ": " + promql;
        }
    }

    /** A template variable's {@code label_values(selector, label)} as the PromQL that lists the same values. */
    record VariableQuery(String name, String definition, String promql) {
    }

    private final JsonNode json;

    private GrafanaDashboard(JsonNode json) {
        this.json = json;
    }

    static GrafanaDashboard read(Path file) {
        try {
            return new GrafanaDashboard(JsonMapper.builder().build()
                    .readTree(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    JsonNode json() {
        return json;
    }

    /** Every panel, those inside collapsed rows included; rows themselves hold no query. */
    List<JsonNode> panels() {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            if ("row".equals(panel.path("type").asString())) {
                panel.path("panels").forEach(all::add);
            } else {
                all.add(panel);
            }
        }
        return all;
    }

    List<JsonNode> variables() {
        List<JsonNode> all = new ArrayList<>();
        json.path("templating").path("list").forEach(all::add);
        return all;
    }

    List<PanelQuery> queries() {
        List<PanelQuery> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                queries.add(new PanelQuery(panel.path("title").asString(), panel.path("id").asInt(),
                        target.path("refId").asString(), expr, interpolate(expr)));
            }
        }
        return queries;
    }

    /**
     * The variables' queries; a definition other than {@code label_values(selector, label)} has a null
     * {@code promql} (nothing here knows how to check it).
     */
    List<VariableQuery> variableQueries() {
        List<VariableQuery> queries = new ArrayList<>();
        for (JsonNode variable : variables()) {
            JsonNode query = variable.path("query");
            String definition = query.isObject() ? query.path("query").asString() : query.asString();
            Matcher labelValues = LABEL_VALUES.matcher(definition);
            queries.add(new VariableQuery(variable.path("name").asString(), definition, labelValues.matches()
                    ? "count by (" + labelValues.group(2) + ") (" + interpolate(labelValues.group(1)) + ")"
                    : null));
        }
        return queries;
    }

    /**
     * Grafana's interpolation: {@code $name}, {@code ${name}}, {@code ${name:format}} and {@code [[name]]} of the
     * dashboard's variables become their "All" value (what a panel queries with "All" selected), else their current
     * value; the built-ins become {@link #BUILT_INS}; anything else (e.g. label_replace's {@code $1}) stays.
     */
    String interpolate(String expr) {
        Map<String, String> values = new HashMap<>(BUILT_INS);
        for (JsonNode variable : variables()) {
            String all = variable.path("allValue").asString();
            JsonNode current = variable.path("current").path("value");
            values.put(variable.path("name").asString(), variable.path("includeAll").asBoolean() && !all.isEmpty()
                    ? all : current.isArray() ? current.path(0).asString() : current.asString());
        }
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(name, m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The threshold values of every panel with a query containing {@code fragment}. */
    List<Double> thresholdsOfPanelsQuerying(String fragment) {
        List<Double> values = new ArrayList<>();
        for (JsonNode panel : panels()) {
            boolean queries = false;
            for (JsonNode target : panel.path("targets")) {
                queries |= target.path("expr").asString().contains(fragment);
            }
            if (queries) {
                for (JsonNode step : panel.path("fieldConfig").path("defaults").path("thresholds").path("steps")) {
                    if (step.path("value").isNumber()) {
                        values.add(step.path("value").asDouble());
                    }
                }
            }
        }
        return values;
    }
}
