package com.aquastream.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps the top-level {@code docker-compose.yml} true without a Docker engine (none runs where this builds): the
 * stack DESIGN.md names is all there, every long-running container has a healthcheck, every dependency waits for a
 * condition, state lives in named volumes, the backup-worker can be scaled, secrets come from {@code .env} only,
 * and each service is given environment variables its own configuration reads. {@code .ci/run} also runs
 * {@code docker-compose config} on it; starting the services from this environment is the conformance IT's job.
 */
class ComposeFileTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private static final List<String> APPLICATIONS = List.of(
            "backup-worker", "restore-worker", "catalog-service", "alerting-service", "offsite-replicator");
    private static final List<String> INFRASTRUCTURE = List.of(
            "kafka", "postgres", "minio", "minio-offsite", "redis", "prometheus", "grafana");
    private static final List<String> INIT_JOBS = List.of("kafka-init", "minio-init");
    private static final Map<String, String> VOLUME_OF = Map.of(
            "kafka", "kafka-data", "postgres", "postgres-data", "minio", "minio-data",
            "minio-offsite", "minio-offsite-data", "redis", "redis-data", "prometheus", "prometheus-data",
            "grafana", "grafana-data");
    /** The property prefix each application binds from the environment by relaxed binding (BACKUP_WORKER_POOL...). */
    private static final Map<String, String> PROPERTY_PREFIX_OF = Map.of(
            "backup-worker", "BACKUP_WORKER_", "restore-worker", "RESTORE_", "catalog-service", "CATALOG_",
            "alerting-service", "ALERTING_", "offsite-replicator", "OFFSITE_");
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(PASSWORD|SECRET|SIGNING_KEY|TOKEN|ENCRYPTION_KEY|ACCESS_KEY).*|.*_AUTH");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?][^}]*)?}");

    private final Map<String, Object> compose = yaml("docker-compose.yml");

    @Test
    void startsTheWholeStackDesignNames() {
        assertThat(services().keySet())
                .containsAll(APPLICATIONS)
                .containsAll(INFRASTRUCTURE)
                .containsAll(INIT_JOBS);
        assertThat(image("kafka")).isEqualTo("apache/kafka:4.1.2");
        assertThat(image("postgres")).startsWith("postgres:15");
    }

    @Test
    void givesEveryLongRunningServiceAHealthcheck() {
        for (String name : services().keySet()) {
            if (INIT_JOBS.contains(name)) {
                assertThat(service(name).get("restart")).as("one-shot %s", name).isEqualTo("no");
                continue;
            }
            Map<String, Object> healthcheck = map(service(name).get("healthcheck"));
            assertThat(healthcheck).as("healthcheck of %s", name).isNotEmpty();
            assertThat(List.copyOf(list(healthcheck.get("test")))).as("healthcheck test of %s", name).hasSizeGreaterThan(1);
        }
        for (String name : APPLICATIONS) {
            assertThat(String.join(" ", strings(map(service(name).get("healthcheck")).get("test"))))
                    .as("%s is healthy when its actuator says so", name)
                    .contains("http://127.0.0.1:" + environment(name).get("SERVER_PORT") + "/actuator/health");
        }
    }

    @Test
    void makesEveryDependencyWaitForACondition() {
        for (String name : services().keySet()) {
            Object dependsOn = service(name).get("depends_on");
            if (dependsOn == null) {
                continue;
            }
            assertThat(dependsOn).as("depends_on of %s is a map with conditions", name).isInstanceOf(Map.class);
            map(dependsOn).forEach((dependency, spec) -> {
                String condition = String.valueOf(map(spec).get("condition"));
                if (INIT_JOBS.contains(dependency)) {
                    assertThat(condition).as("%s -> %s", name, dependency).isEqualTo("service_completed_successfully");
                } else {
                    assertThat(condition).as("%s -> %s", name, dependency).isEqualTo("service_healthy");
                    assertThat(service(dependency)).as("%s has a healthcheck to wait for", dependency)
                            .containsKey("healthcheck");
                }
            });
        }
        for (String name : APPLICATIONS) {
            assertThat(map(service(name).get("depends_on"))).as("%s starts once Kafka is provisioned", name)
                    .containsKey("kafka-init");
        }
    }

    @Test
    void keepsStateInNamedVolumes() {
        Set<String> declared = map(compose.get("volumes")).keySet();

        assertThat(declared).containsAll(VOLUME_OF.values());
        VOLUME_OF.forEach((name, volume) -> assertThat(strings(service(name).get("volumes")))
                .as("%s keeps its data in %s", name, volume)
                .anyMatch(mount -> mount.startsWith(volume + ":")));
        for (String name : services().keySet()) {
            for (String mount : strings(service(name).get("volumes"))) {
                String source = mount.substring(0, mount.indexOf(':'));
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    assertThat(declared).as("volume %s of %s", source, name).contains(source);
                } else {
                    assertThat(REPO.resolve(source)).as("bind mount %s of %s", source, name).exists();
                }
            }
        }
    }

    @Test
    void letsTheBackupWorkerScale() {
        Map<String, Object> worker = service("backup-worker");

        assertThat(worker).doesNotContainKeys("container_name", "ports", "hostname");
    }

    @Test
    void buildsEachApplicationFromItsOwnExecJarWithOneDockerfile() {
        for (String name : APPLICATIONS) {
            Map<String, Object> build = map(service(name).get("build"));
            assertThat(build.get("dockerfile")).isEqualTo("docker/service.Dockerfile");
            assertThat(map(build.get("args"))).containsEntry("SERVICE", name)
                    .containsEntry("SERVER_PORT", environment(name).get("SERVER_PORT"));
            assertThat(REPO.resolve(name).resolve("pom.xml")).exists();
        }
        assertThat(REPO.resolve("docker/service.Dockerfile")).exists();
    }

    @Test
    void takesEverySecretFromTheEnvFile() {
        for (String name : services().keySet()) {
            environment(name).forEach((key, value) -> {
                if (SECRET_NAME.matcher(key).matches()) {
                    assertThat(value).as("%s of %s comes from .env", key, name).matches("\\$\\{[A-Z0-9_]+:\\?[^}]*}");
                }
            });
        }
        Set<String> required = requiredVariables();
        Set<String> example = envExampleNames();
        assertThat(example).as(".env.example lists every required variable").containsAll(required);
    }

    @Test
    void logsEachServiceInToKafkaAsItsOwnPrincipal() {
        Set<String> principals = aclPrincipals();
        Map<String, String> initEnvironment = environment("kafka-init");

        for (String name : APPLICATIONS) {
            Map<String, String> env = environment(name);
            assertThat(env).containsEntry("KAFKA_USERNAME", name).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
            assertThat(env.get("KAFKA_PASSWORD")).isEqualTo("${" + passwordVariable(name) + ":?run bin/compose-env first}");
        }
        for (String principal : principals) {
            assertThat(initEnvironment).as("kafka-init gets the password of %s", principal)
                    .containsKey(passwordVariable(principal));
        }
        assertThat(initEnvironment).containsKey(passwordVariable("admin"));
    }

    @Test
    void givesEachApplicationOnlyVariablesItsConfigurationReads() throws IOException {
        for (String name : APPLICATIONS) {
            String configuration = applicationConfiguration(name);
            for (String key : environment(name).keySet()) {
                boolean placeholder = configuration.contains("${" + key + "}") || configuration.contains("${" + key + ":");
                boolean relaxedBinding = key.startsWith(PROPERTY_PREFIX_OF.get(name)) || key.equals("SERVER_PORT")
                        || key.startsWith("SPRING_");
                assertThat(placeholder || relaxedBinding).as("%s reads %s", name, key).isTrue();
            }
        }
    }

    @Test
    void switchesTheCatalogToTheManualsEnvironmentsWithOverrideFiles() {
        for (String profile : List.of("staging", "development")) {
            Map<String, Object> override = yaml("docker-compose." + profile + ".yml");
            Map<String, Object> catalog = map(map(override.get("services")).get("catalog-service"));

            assertThat(map(catalog.get("environment"))).containsEntry("SPRING_PROFILES_ACTIVE", profile);
            assertThat(REPO.resolve("catalog-service/src/main/resources/application-" + profile + ".yml")).exists();
        }
        assertThat(environment("catalog-service")).doesNotContainKey("SPRING_PROFILES_ACTIVE");
    }

    @Test
    void scrapesEveryApplicationOnItsPortAndLoadsTheRules() {
        Map<String, Object> prometheus = yaml("ops/prometheus/prometheus.yml");
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            jobs.put(String.valueOf(map(job).get("job_name")), map(job));
        }

        assertThat(strings(prometheus.get("rule_files"))).contains("backup-rules.yml");
        for (String name : APPLICATIONS) {
            Map<String, Object> job = jobs.get(name);
            assertThat(job).as("scrape job %s", name).isNotNull();
            assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
            Map<String, Object> discovery = map(list(job.get("dns_sd_configs")).get(0));
            assertThat(strings(discovery.get("names"))).containsExactly(name);
            assertThat(String.valueOf(discovery.get("port"))).isEqualTo(environment(name).get("SERVER_PORT"));
        }
        assertThat(REPO.resolve("ops/grafana/provisioning/datasources/prometheus.yml")).exists();
        assertThat(REPO.resolve("ops/grafana/provisioning/dashboards/backup.yml")).exists();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private Map<String, Object> services() {
        return map(compose.get("services"));
    }

    private Map<String, Object> service(String name) {
        Map<String, Object> service = map(services().get(name));
        assertThat(service).as("service %s", name).isNotEmpty();
        return service;
    }

    private String image(String name) {
        return String.valueOf(service(name).get("image"));
    }

    private Map<String, String> environment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service(name).get("environment");
        if (raw != null) {
            assertThat(raw).as("environment of %s is a map of plain entries", name).isInstanceOf(Map.class);
        }
        map(raw).forEach((key, value) -> env.put(key, String.valueOf(value)));
        return env;
    }

    /** Variables referenced without a default ({@code ${X:?...}} or {@code ${X}}): .env must define them. */
    private Set<String> requiredVariables() {
        Set<String> names = new TreeSet<>();
        for (String file : List.of("docker-compose.yml", "docker-compose.staging.yml", "docker-compose.development.yml")) {
            Matcher matcher = REFERENCE.matcher(read(file));
            while (matcher.find()) {
                String modifier = matcher.group(2) == null ? "" : matcher.group(2);
                if (!modifier.contains("-")) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    private Set<String> envExampleNames() {
        return read(".env.example").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#") && line.contains("="))
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> aclPrincipals() {
        return read("infra/kafka-acls.conf").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+")[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String passwordVariable(String principal) {
        return "KAFKA_PASSWORD_" + principal.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The module's application*.yml and the platform's defaults below them (backup-core PlatformDefaults). */
    private static String applicationConfiguration(String module) throws IOException {
        Path resources = REPO.resolve(module).resolve("src/main/resources");
        try (Stream<Path> files = Files.list(resources)) {
            List<String> texts = new ArrayList<>();
            texts.add(Files.readString(REPO.resolve(ServiceConfiguration.PLATFORM_DEFAULTS), StandardCharsets.UTF_8));
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                texts.add(Files.readString(file, StandardCharsets.UTF_8));
            }
            return String.join("\n", texts);
        }
    }

    private static Map<String, Object> yaml(String file) {
        return new Yaml().load(read(file));
    }

    private static String read(String file) {
        try {
            return Files.readString(REPO.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }
}
