package com.aquastream.backup.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

/**
 * Which environment variables a service reads, as its {@code src/main/resources/application*.yml} and the platform's
 * defaults (backup-core {@code META-INF/backup-platform/defaults.yml}) say: their
 * {@code ${NAME}} placeholders, and by Spring's relaxed binding the upper-case, underscore spelling of each of its
 * properties with dashes dropped ({@code restore.allowed-databases} ← {@code RESTORE_ALLOWEDDATABASES}; Boot also
 * binds the legacy {@code RESTORE_ALLOWED_DATABASES}), or of an
 * entry of one of its maps of names ({@code backup.worker.redis.instances} ← {@code
 * BACKUP_WORKER_REDIS_INSTANCES_CACHE}). A map of names is one written as {@code {}} or with lists as its only values
 * ({@code databases: {aquastream: [...]}}); any other map is a group of properties and takes only the ones it spells.
 * A property the code binds but the YAML never mentions is not known here: list it in the YAML to set it.
 */
final class ServiceConfiguration {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)[:}]");

    private final Set<String> placeholders = new HashSet<>();
    private final Set<String> properties = new HashSet<>();
    private final Set<String> mapsOfNames = new HashSet<>();

    /** The platform's defaults every service reads below its own application.yml (backup-core PlatformDefaults). */
    static final String PLATFORM_DEFAULTS = "backup-core/src/main/resources/META-INF/backup-platform/defaults.yml";

    /** The configuration of the module in {@code moduleDir}, with the platform's defaults. */
    static ServiceConfiguration of(Path moduleDir) throws IOException {
        ServiceConfiguration configuration = new ServiceConfiguration();
        configuration.add(Files.readString(moduleDir.toAbsolutePath().getParent().resolve(PLATFORM_DEFAULTS),
                StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(moduleDir.resolve("src/main/resources"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                configuration.add(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return configuration;
    }

    /** The configuration of these YAML documents' text. */
    static ServiceConfiguration ofYaml(String... documents) {
        ServiceConfiguration configuration = new ServiceConfiguration();
        for (String document : documents) {
            configuration.add(document);
        }
        return configuration;
    }

    boolean reads(String variable) {
        return placeholders.contains(variable) || properties.contains(variable)
                || mapsOfNames.stream().anyMatch(map -> variable.startsWith(map + "_"));
    }

    private void add(String yaml) {
        Matcher matcher = PLACEHOLDER.matcher(yaml);
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        collect("", new Yaml().load(yaml));
    }

    private void collect(String prefix, Object node) {
        if (node instanceof Map<?, ?> map) {
            if (!prefix.isEmpty() && map.values().stream().allMatch(value -> value instanceof List)) {
                mapsOfNames.addAll(environmentNames(prefix));
            }
            map.forEach((key, value) -> collect(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value));
        } else if (!prefix.isEmpty()) {
            properties.addAll(environmentNames(prefix));
        }
    }

    /** Boot's spelling (dashes dropped) and the legacy one it still binds (dashes as underscores). */
    private static List<String> environmentNames(String property) {
        String upper = property.replace('.', '_').toUpperCase(Locale.ROOT);
        return List.of(upper.replace("-", ""), upper.replace('-', '_'));
    }
}
