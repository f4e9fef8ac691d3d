package com.aquastream.backup.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} as {@code docker compose} reads it, for the parts a service process sees: each service's
 * {@code environment:} entries, raw or interpolated from an {@code .env} file the way compose does it ({@code ${VAR}},
 * {@code ${VAR:?msg}}, {@code ${VAR?msg}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:+alt}},
 * {@code $VAR}, {@code $$}). Only the {@code .env} file is consulted, never this JVM's environment: the test's own
 * variables (PGHOST, S3_PORT...) must not leak into what the compose file gives a service.
 */
final class ComposeFile {

    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, Object> compose;

    private ComposeFile(Map<String, Object> compose) {
        this.compose = compose;
    }

    static ComposeFile read(Path file) throws IOException {
        return new ComposeFile(new Yaml().load(Files.readString(file, StandardCharsets.UTF_8)));
    }

    /** The service's {@code environment:} map as written (values as text, references not interpolated). */
    Map<String, String> rawEnvironment(String service) {
        Map<String, Object> definition = map(map(compose.get("services")).get(service));
        if (definition.isEmpty()) {
            throw new IllegalStateException("docker-compose.yml has no service " + service);
        }
        Object environment = definition.get("environment");
        if (environment != null && !(environment instanceof Map)) {
            throw new IllegalStateException("the environment of " + service + " is not a map of plain entries");
        }
        Map<String, String> raw = new LinkedHashMap<>();
        map(environment).forEach((name, value) -> raw.put(name, value == null ? "" : String.valueOf(value)));
        return raw;
    }

    /** {@link #rawEnvironment} with every reference interpolated from {@code dotEnv}. */
    Map<String, String> environment(String service, Map<String, String> dotEnv) {
        Map<String, String> interpolated = new LinkedHashMap<>();
        rawEnvironment(service).forEach((name, value) ->
                interpolated.put(name, interpolate(value, dotEnv, service + "." + name)));
        return interpolated;
    }

    /** Compose's variable substitution; a missing required variable fails like {@code docker compose config}. */
    static String interpolate(String value, Map<String, String> variables, String where) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else if (matcher.group(4) != null) {
                replacement = variables.getOrDefault(matcher.group(4), "");
            } else {
                String name = matcher.group(1);
                String operator = matcher.group(2) == null ? "" : matcher.group(2);
                String argument = matcher.group(3) == null ? "" : matcher.group(3);
                String current = variables.get(name);
                boolean unsetOrEmpty = current == null || current.isEmpty();
                replacement = switch (operator) {
                    case "" -> current == null ? "" : current;
                    case ":-" -> unsetOrEmpty ? argument : current;
                    case "-" -> current == null ? argument : current;
                    case ":+" -> unsetOrEmpty ? "" : argument;
                    case "+" -> current == null ? "" : argument;
                    case ":?", "?" -> {
                        if (current == null || (operator.equals(":?") && current.isEmpty())) {
                            throw new IllegalStateException("required variable " + name + " is missing (" + where
                                    + "): " + argument);
                        }
                        yield current;
                    }
                    default -> throw new IllegalStateException("unsupported substitution in " + where + ": " + value);
                };
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Runs {@code bin/compose-env --file file}, the generator the compose file's instructions name, and reads the
     * result ({@code NAME=VALUE} lines; comments and blank lines skipped).
     */
    static Map<String, String> generateDotEnv(Path repo, Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", repo.resolve("bin/compose-env").toString(), "--file",
                file.toString()).directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("bin/compose-env --file " + file + " failed: " + output);
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String entry = line.strip();
            if (!entry.isEmpty() && !entry.startsWith("#") && entry.contains("=")) {
                variables.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
        }
        return variables;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
