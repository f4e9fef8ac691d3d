package com.aquastream.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.RepositoryRoot;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.testsupport.TestS3;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml cannot drift from the code's property names: the five services' exec jars run as JVMs of their
 * own with exactly the environment the compose file gives each of them (interpolated from an {@code .env} that
 * {@code bin/compose-env} generated), except for what {@link #MAPPINGS} and {@link #ADDITIONS} list: the compose
 * network's hosts become the test's local servers, the secrets real servers check become theirs, and the production
 * database and bucket names become ones this test created. Then one backup and one restore run through them: the
 * backup requested through the catalog's API with the compose token, the restore issued by the catalog and signed
 * with the compose {@code RESTORE_SIGNING_KEY}, which the restore-worker must accept. No Docker engine is needed
 * ({@code ComposeFileTest} checks the file's shape, {@code docker-compose config} its syntax).
 */
class ComposeConformanceIT {

    private static final Path REPO = RepositoryRoot.containing("docker-compose.yml");
    private static final Path OUT = Path.of("target", "compose-conformance").toAbsolutePath();
    private static final List<String> SERVICES = List.of(
            "backup-worker", "restore-worker", "catalog-service", "alerting-service", "offsite-replicator");
    /** The compose stack's hosts: after mapping, no service may be left pointing at one of them. */
    private static final List<String> COMPOSE_HOSTS = List.of("kafka", "postgres", "minio", "minio-offsite", "redis");
    /** ops/compose/postgres/init.sql's schemas of the platform's database "aquastream". */
    private static final List<String> SCHEMAS = List.of("user", "event", "crew", "payment", "notification", "media");
    /** Spring Boot's own properties a compose file may set (override files: the catalog's profile). */
    private static final Set<String> BOOT_VARIABLES = Set.of("SPRING_PROFILES_ACTIVE");
    private static final Map<String, String> COMPOSE_PORTS = Map.of("backup-worker", "8081", "restore-worker", "8082",
            "catalog-service", "8083", "alerting-service", "8084", "offsite-replicator", "8085");
    private static final int ROWS = 100;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    // The test's own servers and names, which the table below maps the compose stack's onto.
    static TestDatabase platformDb;
    static TestDatabase catalogDb;
    static TestDatabase alertingDb;
    static String primaryBucket;
    static String offsiteBucket;
    static RedisServerProcess redis;
    static final Map<String, Integer> ports = new LinkedHashMap<>();

    /**
     * One compose {@code environment:} entry the test gives another value: what compose sets ({@code ${NAME}}
     * stands for the .env entry NAME, whatever modifier), and what the service gets here instead.
     */
    private record Mapping(String variable, Function<String, String> composeValue,
                           Function<String, String> replacement) {

        static Mapping of(String variable, String composeValue, Supplier<String> replacement) {
            return new Mapping(variable, service -> composeValue, service -> replacement.get());
        }
    }

    /**
     * Everything the test changes in what docker-compose.yml gives the services. Every other entry (the signing keys,
     * the API token, the offsite encryption key, the Redis password, the store type, the Kafka user names...) is
     * passed exactly as compose interpolates it from the generated .env.
     */
    private static final List<Mapping> MAPPINGS = List.of(
            // kafka:9092 → TestKafka's broker; each principal's password is the one that broker knows.
            Mapping.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", TestKafka::bootstrapServers),
            new Mapping("KAFKA_PASSWORD", service -> "${" + kafkaPasswordVariable(service) + "}",
                    service -> TestKafka.environment(service).get("KAFKA_PASSWORD")),
            // postgres:5432 → the local PostgreSQL server, with databases this test created (see ADDITIONS too).
            Mapping.of("PGHOST", "postgres", TestDatabases::host),
            Mapping.of("PGPORT", "5432", () -> String.valueOf(TestDatabases.port())),
            Mapping.of("PGUSER", "postgres", TestDatabases::user),
            Mapping.of("PGPASSWORD", "${POSTGRES_PASSWORD}", ComposeConformanceIT::postgresPassword),
            Mapping.of("CATALOG_DB_URL", "jdbc:postgresql://postgres:5432/backup_catalog", () -> catalogDb.jdbcUrl()),
            Mapping.of("CATALOG_DB_USER", "postgres", TestDatabases::user),
            Mapping.of("CATALOG_DB_PASSWORD", "${POSTGRES_PASSWORD}", ComposeConformanceIT::postgresPassword),
            Mapping.of("ALERTING_DB_URL", "jdbc:postgresql://postgres:5432/backup_alerting",
                    () -> alertingDb.jdbcUrl()),
            // minio:9000 / minio-offsite:9000 → TestS3's two servers, their keys, buckets this test created.
            Mapping.of("S3_ENDPOINT", "http://minio:9000", () -> TestS3.endpoint().url()),
            Mapping.of("S3_ACCESS_KEY", "${S3_ACCESS_KEY}", () -> TestS3.endpoint().accessKey()),
            Mapping.of("S3_SECRET_KEY", "${S3_SECRET_KEY}", () -> TestS3.endpoint().secretKey()),
            Mapping.of("S3_OFFSITE_ENDPOINT", "http://minio-offsite:9000", () -> TestS3.offsiteEndpoint().url()),
            Mapping.of("S3_OFFSITE_ACCESS_KEY", "${S3_OFFSITE_ACCESS_KEY}",
                    () -> TestS3.offsiteEndpoint().accessKey()),
            Mapping.of("S3_OFFSITE_SECRET_KEY", "${S3_OFFSITE_SECRET_KEY}",
                    () -> TestS3.offsiteEndpoint().secretKey()),
            Mapping.of("S3_OFFSITE_BUCKET", "offsite-backups", () -> offsiteBucket),
            Mapping.of("OFFSITE_TARGET", "s3://offsite-backups", () -> "s3://" + offsiteBucket),
            // redis:6379 → the test's own redis-server, started like compose's (requirepass = .env's REDIS_PASSWORD).
            Mapping.of("BACKUP_WORKER_REDIS_INSTANCES_CACHE", "redis:6379", () -> "127.0.0.1:" + redis.port()),
            // Each container has its host to itself; here five JVMs share one: a free port each.
            new Mapping("SERVER_PORT", COMPOSE_PORTS::get, service -> String.valueOf(ports.get(service))));

    /**
     * What the compose stack names in the services' application.yml defaults rather than in the compose file
     * (ops/compose/postgres/init.sql's database "aquastream", minio-init's bucket "backups"), pointed at the test's
     * own. Never a variable the compose file sets ({@link #mapsOnlyWhatItMustAndEveryServiceReadsWhatComposeSets}).
     * Maps keyed by a database name go through SPRING_APPLICATION_JSON: a name like bk_test_x has no environment
     * variable spelling, and such maps merge, so "aquastream" stays configured but nothing requests it.
     */
    private static final Map<String, Map<String, Supplier<String>>> ADDITIONS = Map.of(
            "backup-worker", Map.of(
                    "BACKUP_PLATFORM_STORE_S3_BUCKET", () -> primaryBucket,
                    "SPRING_APPLICATION_JSON", () -> json("backup.worker.databases." + platformDb.name(), SCHEMAS)),
            "restore-worker", Map.of(
                    "BACKUP_PLATFORM_STORE_S3_BUCKET", () -> primaryBucket,
                    "RESTORE_ALLOWEDDATABASES", () -> platformDb.name(),
                    // its container's /tmp is its own; here several restore-workers may share one machine
                    "RESTORE_WORKDIR", () -> OUT.resolve("restore-worker/work").toString()),
            "catalog-service", Map.of(
                    "SPRING_APPLICATION_JSON", () -> json("catalog.schedule.targets." + platformDb.name(), SCHEMAS)),
            "alerting-service", Map.of(
                    "SPRING_APPLICATION_JSON", () -> json("alerting.targets." + platformDb.name(), SCHEMAS)),
            "offsite-replicator", Map.of(
                    "BACKUP_PLATFORM_STORE_S3_BUCKET", () -> primaryBucket));

    static ComposeFile compose;
    static Map<String, String> dotEnv;
    static final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    static final List<ServiceProcess> processes = new ArrayList<>();
    static EventCollector events;

    @BeforeAll
    static void startTheServicesFromTheComposeEnvironment() throws Exception {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String service : SERVICES) {
            jars.put(service, ServiceProcess.execJar(REPO, service));
        }
        compose = ComposeFile.read(REPO.resolve("docker-compose.yml"));
        Files.createDirectories(OUT);
        Path envFile = OUT.resolve("compose.env");
        Files.deleteIfExists(envFile);
        dotEnv = ComposeFile.generateDotEnv(REPO, envFile);

        givenTheTestsOwnServers();
        for (String service : SERVICES) {
            environments.put(service, processEnvironment(service));
        }
        events = new EventCollector(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.RESTORE_COMPLETED,
                Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED);
        for (String service : SERVICES) {
            processes.add(ServiceProcess.start(service, jars.get(service), environments.get(service),
                    OUT.resolve(service), OUT.resolve(service + ".log")));
        }
        awaitOrFail("all five services reporting UP on /actuator/health", START_TIMEOUT,
                () -> processes.stream().allMatch(ServiceProcess::healthy));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        // SIGTERM to all at once, so their graceful shutdowns overlap; close() then waits and SIGKILLs stragglers.
        processes.forEach(ServiceProcess::requestStop);
        for (ServiceProcess process : processes) {
            process.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (events != null) {
            events.close();
        }
        for (TestDatabase database : new TestDatabase[] {platformDb, catalogDb, alertingDb}) {
            if (database != null) {
                database.close();
            }
        }
        if (primaryBucket != null) {
            removeBucket(TestS3.endpoint(), primaryBucket);
        }
        if (offsiteBucket != null) {
            removeBucket(TestS3.offsiteEndpoint(), offsiteBucket);
        }
    }

    @Test
    void mapsOnlyWhatItMustAndEveryServiceReadsWhatComposeSets() throws IOException {
        for (Mapping mapping : MAPPINGS) {
            List<String> setBy = SERVICES.stream()
                    .filter(service -> compose.rawEnvironment(service).containsKey(mapping.variable())).toList();
            assertThat(setBy).as("a service the compose file gives %s (else the mapping is stale)", mapping.variable())
                    .isNotEmpty();
            for (String service : setBy) {
                assertThat(withoutModifiers(compose.rawEnvironment(service).get(mapping.variable())))
                        .as("what docker-compose.yml gives %s as %s", service, mapping.variable())
                        .isEqualTo(mapping.composeValue().apply(service));
            }
        }
        Pattern composeAddress = Pattern.compile("\\b(" + String.join("|", COMPOSE_HOSTS) + "):\\d+");
        for (String service : SERVICES) {
            Map<String, String> raw = compose.rawEnvironment(service);
            assertThat(raw.keySet()).as("the test adds to %s only what compose leaves to application.yml", service)
                    .doesNotContainAnyElementsOf(ADDITIONS.getOrDefault(service, Map.of()).keySet());
            environments.get(service).forEach((variable, value) -> {
                assertThat(composeAddress.matcher(value).find())
                        .as("%s of %s = %s still names a compose host", variable, service, value).isFalse();
            });
            assertThat(COMPOSE_HOSTS).as("PGHOST of %s", service)
                    .doesNotContain(environments.get(service).getOrDefault("PGHOST", ""));
        }

        Map<String, Set<String>> unread = new LinkedHashMap<>();
        for (String service : SERVICES) {
            ServiceConfiguration configuration = ServiceConfiguration.of(REPO.resolve(service));
            Set<String> variables = new TreeSet<>(compose.rawEnvironment(service).keySet());
            for (String override : List.of("docker-compose.staging.yml", "docker-compose.development.yml")) {
                variables.addAll(overrideEnvironment(override, service));
            }
            variables.addAll(ADDITIONS.getOrDefault(service, Map.of()).keySet());
            variables.remove("SPRING_APPLICATION_JSON");
            Set<String> notRead = variables.stream()
                    .filter(variable -> !BOOT_VARIABLES.contains(variable) && !configuration.reads(variable))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!notRead.isEmpty()) {
                unread.put(service, notRead);
            }
        }
        assertThat(unread).as("variables the compose file sets that no application*.yml placeholder reads and no"
                + " property of it binds by relaxed binding").isEmpty();
    }

    @Test
    void backsUpAndRestoresThroughServicesStartedFromTheComposeEnvironment() throws Exception {
        UUID requestId = requestBackupThroughTheCatalog("user");

        BackupCompleted backup = awaitBackup(requestId);
        assertThat(backup.tableRowCounts()).containsEntry("accounts", (long) ROWS);
        platformDb.execute("DELETE FROM \"user\".accounts WHERE id > 10");

        UUID restoreId = requestRestoreThroughTheCatalog(backup.backupId());
        awaitRestore(restoreId);
        assertThat(platformDb.queryLong("SELECT count(*) FROM \"user\".accounts")).isEqualTo(ROWS);
    }

    // ------------------------------------------------------------------------------------------------- the flow

    /** POST /api/backups with the compose CATALOG_API_TOKEN; the catalog publishes backup.requested. */
    private static UUID requestBackupThroughTheCatalog(String schema) throws Exception {
        HttpResponse<String> response = postToCatalog("/api/backups", Map.of(
                "database", platformDb.name(), "schema", schema, "requestedBy", "compose-conformance"));
        assertThat(response.statusCode()).as("POST /api/backups: %s", response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("requestIds").get(0).asString());
    }

    /**
     * POST /api/restores: the catalog signs the command with the compose RESTORE_SIGNING_KEY. It answers 404 until it
     * has recorded the backup's completion, so that is waited for.
     */
    private static UUID requestRestoreThroughTheCatalog(UUID backupId) throws Exception {
        Map<String, Object> body = Map.of("backupId", backupId.toString(), "targetDatabase", platformDb.name(),
                "mode", "RESTORE");
        HttpResponse<String>[] answer = new HttpResponse[1];
        awaitOrFail("the catalog accepting a restore of backup " + backupId, FLOW_TIMEOUT, () -> {
            answer[0] = postToCatalog("/api/restores", body);
            if (answer[0].statusCode() != 404 && answer[0].statusCode() != 202) {
                throw new AssertionError("POST /api/restores answered " + answer[0].statusCode() + ": "
                        + answer[0].body());
            }
            return answer[0].statusCode() == 202;
        });
        return UUID.fromString(JSON.readTree(answer[0].body()).get("restoreId").asString());
    }

    private static BackupCompleted awaitBackup(UUID requestId) {
        awaitOrFail("backup.completed (or backup.failed) of request " + requestId, FLOW_TIMEOUT,
                () -> !events.of(BackupCompleted.class, BackupCompleted::requestId, requestId).isEmpty()
                        || !events.of(BackupFailed.class, BackupFailed::requestId, requestId).isEmpty());
        List<BackupFailed> failures = events.of(BackupFailed.class, BackupFailed::requestId, requestId);
        if (!failures.isEmpty() && events.of(BackupCompleted.class, BackupCompleted::requestId, requestId).isEmpty()) {
            throw new AssertionError("the backup failed: " + failures + "\n" + tails());
        }
        return events.of(BackupCompleted.class, BackupCompleted::requestId, requestId).get(0);
    }

    private static void awaitRestore(UUID restoreId) {
        awaitOrFail("restore.completed (or restore.failed / restore.rejected) of restore " + restoreId, FLOW_TIMEOUT,
                () -> !events.of(RestoreCompleted.class, RestoreCompleted::restoreId, restoreId).isEmpty()
                        || !events.of(RestoreFailed.class, RestoreFailed::restoreId, restoreId).isEmpty()
                        || !events.of(RestoreRejected.class, RestoreRejected::restoreId, restoreId).isEmpty());
        List<Object> failures = new ArrayList<>(events.of(RestoreFailed.class, RestoreFailed::restoreId, restoreId));
        failures.addAll(events.of(RestoreRejected.class, RestoreRejected::restoreId, restoreId));
        if (!failures.isEmpty()) {
            throw new AssertionError("the restore did not complete: " + failures + "\n" + tails());
        }
    }

    private static HttpResponse<String> postToCatalog(String path, Map<String, ?> body) throws Exception {
        ServiceProcess catalog = process("catalog-service");
        HttpRequest request = HttpRequest.newBuilder(catalog.uri(path))
                .header("Authorization", "Bearer " + environments.get("catalog-service").get("CATALOG_API_TOKEN"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .timeout(Duration.ofSeconds(20)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------------------------------------- set-up

    /** The servers and names the compose stack's are mapped onto: databases, buckets, Redis, ports. */
    private static void givenTheTestsOwnServers() throws Exception {
        platformDb = TestDatabases.create();
        List<String> statements = new ArrayList<>();
        SCHEMAS.forEach(schema -> statements.add("CREATE SCHEMA \"" + schema + "\""));
        statements.add("CREATE TABLE \"user\".accounts (id int PRIMARY KEY, name text NOT NULL)");
        statements.add("INSERT INTO \"user\".accounts SELECT i, 'account ' || i FROM generate_series(1, " + ROWS
                + ") i");
        platformDb.execute(statements.toArray(String[]::new));
        catalogDb = TestDatabases.create();
        alertingDb = TestDatabases.create();
        primaryBucket = TestS3.newBucket();
        offsiteBucket = "test-offsite-" + UUID.randomUUID().toString().substring(0, 12);
        TestS3.client(TestS3.offsiteEndpoint()).makeBucket(MakeBucketArgs.builder().bucket(offsiteBucket).build());
        redis = RedisServerProcess.start(OUT.resolve("redis"), dotEnv.get("REDIS_PASSWORD"));
        for (String service : SERVICES) {
            try (ServerSocket free = new ServerSocket(0)) {
                ports.put(service, free.getLocalPort());
            }
        }
    }

    /**
     * What the process gets: the compose environment interpolated from the .env, {@link #MAPPINGS} applied, the
     * {@link #ADDITIONS}, and what its image provides (docker/service.Dockerfile's SERVICE; the base image's PATH,
     * which finds pg_dump, pg_restore, psql and redis-server; HOME, here its working directory).
     */
    private static Map<String, String> processEnvironment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", System.getenv("PATH"));
        environment.put("HOME", OUT.resolve(service).toString());
        environment.put("SERVICE", service);
        environment.putAll(compose.environment(service, dotEnv));
        for (Mapping mapping : MAPPINGS) {
            environment.computeIfPresent(mapping.variable(), (variable, value) -> mapping.replacement().apply(service));
        }
        ADDITIONS.getOrDefault(service, Map.of()).forEach((variable, value) -> environment.put(variable, value.get()));
        return environment;
    }

    /** Empties and removes a bucket this test created (the S3 servers' data directory is shared). */
    private static void removeBucket(TestS3.Endpoint endpoint, String bucket) {
        MinioClient client = TestS3.client(endpoint);
        try {
            for (Result<Item> item : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(item.get().objectName()).build());
            }
            client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            System.err.println("could not remove the test bucket " + bucket + " at " + endpoint.url() + ": " + e);
        }
    }

    private static String postgresPassword() {
        String password = System.getProperty("PGPASSWORD", System.getenv("PGPASSWORD"));
        return password == null ? "" : password;
    }

    private static String kafkaPasswordVariable(String principal) {
        return "KAFKA_PASSWORD_" + principal.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code ${NAME:?message}}, {@code ${NAME:-default}}... as {@code ${NAME}}: which .env entry, not how. */
    private static String withoutModifiers(String raw) {
        return raw.replaceAll("\\$\\{([A-Za-z_][A-Za-z0-9_]*)[^}]*}", "\\${$1}");
    }

    /** {@code {"a":{"b":{"c":[values]}}}} for the dotted {@code path} a.b.c. */
    private static String json(String path, Object value) {
        String[] keys = path.split("\\.");
        Object node = value;
        for (int i = keys.length - 1; i >= 0; i--) {
            node = Map.of(keys[i], node);
        }
        return JSON.writeValueAsString(node);
    }

    private static Set<String> overrideEnvironment(String file, String service) throws IOException {
        Map<String, Object> override = new Yaml().load(Files.readString(REPO.resolve(file), StandardCharsets.UTF_8));
        Object services = override.get("services");
        Object definition = services instanceof Map<?, ?> map ? map.get(service) : null;
        Object environment = definition instanceof Map<?, ?> map ? map.get("environment") : null;
        Set<String> names = new HashSet<>();
        if (environment instanceof Map<?, ?> map) {
            map.keySet().forEach(name -> names.add(String.valueOf(name)));
        }
        return names;
    }

    private static ServiceProcess process(String service) {
        return processes.stream().filter(p -> p.name().equals(service)).findFirst().orElseThrow();
    }

    private static void awaitOrFail(String what, Duration timeout, Callable<Boolean> condition) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " did not happen within " + timeout + "\n" + tails(), e);
        }
    }

    private static String tails() {
        return processes.stream().map(process -> process.tail(40)).collect(Collectors.joining("\n"));
    }
}
