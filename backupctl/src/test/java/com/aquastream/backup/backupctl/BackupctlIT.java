package com.aquastream.backup.backupctl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.BaseBackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The CLI's main entry, in this JVM, against the secured test broker, logged in as {@code operator} through a client
 * properties file, as an operator's shell would run it.
 */
class BackupctlIT {

    private static final String SIGNING_KEY = "backupctl-it-signing-key-of-at-least-32-bytes";
    private static final String KEY = "postgres/aquastream/user_20250818.dump.gz";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REQUESTER = "it@backupctl-it";

    private final EventCodec codec = new EventCodec();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void publishesABackupRequestAsTheOperator() {
        int exit = backupctl("backup", "user", "--json");

        assertThat(exit).as(err.toString()).isEqualTo(Exit.OK);
        UUID requestId = UUID.fromString(Json.read(out.toString()).get(0).path("requestId").asString());
        ConsumerRecord<String, byte[]> record = awaitRecord(Topics.BACKUP_REQUESTED,
                r -> codec.decode(r.value(), BackupRequested.class).requestId().equals(requestId));
        BackupRequested request = codec.decode(record.value(), BackupRequested.class);
        assertThat(record.key()).isEqualTo("aquastream.user");
        assertThat(request.database()).isEqualTo("aquastream");
        assertThat(request.schema()).isEqualTo("user");
        assertThat(request.tiers()).containsExactly(Tier.MANUAL);
        assertThat(request.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(header(record, "ce_type")).isEqualTo("backup.requested.v1");
        assertThat(header(record, "ce_source")).isEqualTo(KafkaBus.SOURCE);
        assertThat(header(record, "ce_id")).isEqualTo(request.eventId().toString());
    }

    @Test
    void publishesARestoreCommandWhoseSignatureVerifies() {
        int exit = backupctl("restore", "user", KEY, "--no-wait", "--json");

        assertThat(exit).as(err.toString()).isEqualTo(Exit.OK);
        UUID restoreId = UUID.fromString(Json.read(out.toString()).path("restoreId").asString());
        ConsumerRecord<String, byte[]> record = awaitRecord(Topics.RESTORE_REQUESTED,
                r -> codec.decode(r.value(), RestoreRequested.class).restoreId().equals(restoreId));
        RestoreRequested command = codec.decode(record.value(), RestoreRequested.class);
        assertThat(record.key()).isEqualTo("aquastream.user");
        assertThat(command.key()).isEqualTo(KEY);
        assertThat(new RestoreSignatures(SIGNING_KEY.getBytes(UTF_8)).verify(command)).isTrue();
        assertThat(header(record, "ce_type")).isEqualTo("restore.requested.v1");
    }

    @Test
    void waitsForTheAnswerToItsOwnCommandAndExitsWithItsCode() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> rejectTheFirstCommandSince(start));

        int exit = backupctl("restore", "payment", "latest", "--timeout", "60");

        worker.get(5, TimeUnit.SECONDS);
        assertThat(exit).as(out + "\n" + err).isEqualTo(Exit.RESTORE_REJECTED);
        assertThat(out.toString()).contains(": REJECTED [INVALID_COMMAND]: rejected by BackupctlIT");
    }

    @Test
    void recoversASchemaToAMomentWithASignedCommandAndPrintsWhatTheRecoveryReached() throws Exception {
        String schema = "pitr_" + Long.toHexString(System.nanoTime());
        Instant recoveredTo = Instant.now().minusSeconds(301);
        CompletableFuture<RestoreRequested> worker = CompletableFuture.supplyAsync(() -> answerTheRecoveryOf(schema,
                command -> new RestoreCompleted(UUID.randomUUID(), Instant.now(), command.database(),
                        command.schema(), command.restoreId(), null, null, null, 4200,
                        List.of(new TableCheck(schema + ".accounts", 5, 5)), null, recoveredTo, false, null, null)));

        int exit = backupctl("pitr", "--database", "aquastream", "--schema", schema, "--to", "-5m",
                "--timeout", "60");

        RestoreRequested command = worker.get(5, TimeUnit.SECONDS);
        assertThat(exit).as(out + "\n" + err).isEqualTo(Exit.OK);
        assertThat(new RestoreSignatures(SIGNING_KEY.getBytes(UTF_8)).verify(command)).isTrue();
        assertThat(command.mode()).isEqualTo(RestoreMode.PITR);
        assertThat(command.key()).isNull();
        assertThat(command.backupId()).isNull();
        assertThat(command.sha256()).isNull();
        assertThat(Duration.between(command.asOf(), Instant.now())).isBetween(Duration.ofMinutes(5),
                Duration.ofMinutes(6));
        assertThat(out.toString()).contains("point-in-time recovery " + command.restoreId() + " of aquastream."
                        + schema + " to " + command.asOf() + " requested",
                ": COMPLETED point-in-time recovery in 4.2 s; 1 table checked, all rows as recorded",
                "  recovered to: " + recoveredTo, "  end of archive: false", "restore " + command.restoreId()
                        + ": done");
    }

    @Test
    void recoversAWholeClusterAndPrintsItsDataDirectoryAsJson() throws Exception {
        String cluster = "cluster_" + Long.toHexString(System.nanoTime());
        CompletableFuture<RestoreRequested> worker = CompletableFuture.supplyAsync(() -> answerTheRecoveryOf(
                WalEvent.CLUSTER_SCHEMA, command -> command.database().equals(cluster)
                        ? new RestoreCompleted(UUID.randomUUID(), Instant.now(), cluster, command.schema(),
                        command.restoreId(), null, null, null, 61000, List.of(), null, command.asOf(), true,
                        "/var/tmp/restore-worker-pitr/it/data", "start it with pg_ctl -D …") : null));

        int exit = backupctl("pitr", "--cluster", cluster, "--to", "2025-08-19T09:13:00Z", "--json",
                "--timeout", "60");

        RestoreRequested command = worker.get(5, TimeUnit.SECONDS);
        assertThat(exit).as(out + "\n" + err).isEqualTo(Exit.OK);
        assertThat(new RestoreSignatures(SIGNING_KEY.getBytes(UTF_8)).verify(command)).isTrue();
        assertThat(command.schema()).isEqualTo("pg_cluster");
        assertThat(command.asOf()).isEqualTo(Instant.parse("2025-08-19T09:13:00Z"));
        var answer = Json.read(out.toString());
        assertThat(answer.path("outcome").asString()).isEqualTo("COMPLETED");
        assertThat(answer.path("event").path("dataDirectory").asString())
                .isEqualTo("/var/tmp/restore-worker-pitr/it/data");
        assertThat(answer.path("event").path("nextSteps").asString()).startsWith("start it");
        assertThat(answer.path("event").path("endOfArchive").asBoolean()).isTrue();
    }

    @Test
    void requestsABaseBackupAndExitsWithTheArchiversAnswer() throws Exception {
        String cluster = "bb_" + Long.toHexString(System.nanoTime());
        CompletableFuture<BaseBackupRequested> archiver = CompletableFuture.supplyAsync(() -> {
            BaseBackupRequested request = codec.decode(awaitRecord(Topics.BASEBACKUP_REQUESTED,
                    r -> codec.decode(r.value(), BaseBackupRequested.class).database().equals(cluster)).value(),
                    BaseBackupRequested.class);
            publish(new BaseBackupFailed(UUID.randomUUID(), Instant.now(), cluster, WalEvent.CLUSTER_SCHEMA,
                    UUID.randomUUID(), 1, false, "another request's failure"));
            publish(new BaseBackupCompleted(UUID.randomUUID(), Instant.now(), cluster, WalEvent.CLUSTER_SCHEMA,
                    request.requestId(), UUID.randomUUID(), "basebackup/" + cluster + "/base.tar.gz", "filesystem",
                    3L * 1024 * 1024, "ab".repeat(32), "gzip", "pg_basebackup-tar", 1, "0/5000028", "0/5000138",
                    Instant.now().minusSeconds(4), Instant.now(), "15.14", "pg_basebackup (PostgreSQL) 15.14", true));
            return request;
        });

        int exit = backupctl("basebackup", "--cluster", cluster, "--timeout", "60");

        BaseBackupRequested request = archiver.get(5, TimeUnit.SECONDS);
        assertThat(exit).as(out + "\n" + err).isEqualTo(Exit.OK);
        assertThat(request.schema()).isEqualTo("pg_cluster");
        assertThat(request.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(request.requestedBy()).isEqualTo(REQUESTER);
        assertThat(out.toString()).contains("base backup " + request.requestId() + " of cluster " + cluster
                        + " requested", ": COMPLETED basebackup/" + cluster + "/base.tar.gz (3.0 MiB, manifest verified)",
                "  timeline 1, WAL 0/5000028 .. 0/5000138", "base backup " + request.requestId() + ": done")
                .doesNotContain("another request's failure");
    }

    @Test
    void publishesAVerifyCommandWhoseSignatureVerifies() {
        int exit = backupctl("verify", "user", KEY, "--no-wait", "--json");

        assertThat(exit).as(err.toString()).isEqualTo(Exit.OK);
        UUID restoreId = UUID.fromString(Json.read(out.toString()).path("restoreId").asString());
        RestoreRequested command = codec.decode(awaitRecord(Topics.RESTORE_REQUESTED,
                r -> codec.decode(r.value(), RestoreRequested.class).restoreId().equals(restoreId)).value(),
                RestoreRequested.class);
        assertThat(command.mode()).isEqualTo(RestoreMode.VERIFY);
        assertThat(command.safetyBackupOrDefault()).isFalse();
        assertThat(command.key()).isEqualTo(KEY);
        assertThat(new RestoreSignatures(SIGNING_KEY.getBytes(UTF_8)).verify(command)).isTrue();
    }

    @Test
    void followsTheEventsPublishedAfterItJoinedWithAProgressBarAndStopsAfterMaxEvents() throws Exception {
        String schema = "followed_" + Long.toHexString(System.nanoTime());
        UUID requestId = UUID.randomUUID();
        CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> backupctl("follow", "--schema",
                schema, "--max-events", "2", "--timeout", "60"));
        await().atMost(WAIT).until(() -> err.toString().contains("following") || follow.isDone());

        publish(new BackupRequested(UUID.randomUUID(), Instant.now(), "aquastream", "other_schema", requestId,
                List.of(Tier.MANUAL), Trigger.MANUAL, "it", Instant.now()));
        publish(new BackupRequested(UUID.randomUUID(), Instant.now(), "aquastream", schema, requestId,
                List.of(Tier.MANUAL), Trigger.MANUAL, "it", Instant.now()));
        publish(new BackupCompleted(UUID.randomUUID(), Instant.now(), "aquastream", schema, requestId,
                UUID.randomUUID(), List.of(Tier.MANUAL), List.of(new StoredObject(Tier.MANUAL,
                "postgres/aquastream/manual_" + schema + "_20250818T101530Z.dump.gz")), "filesystem", 2048,
                "ab".repeat(32), "gzip", "custom", Instant.now().minusSeconds(3), Instant.now(), "15", "15",
                Map.of(schema + ".t", 3L)));

        assertThat(follow.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(out + "\n" + err).isEqualTo(Exit.OK);
        assertThat(out.toString()).contains("backup.requested  aquastream." + schema + " requestId=" + requestId,
                "[..........]   0% aquastream." + schema + " BACKUP REQUESTED",
                "backup.completed  aquastream." + schema + " backupId=",
                "[##########] 100% aquastream." + schema + " BACKUP COMPLETED (2.0 KiB)")
                .doesNotContain("other_schema");
    }

    @Test
    void failsWithinTheKafkaTimeoutWhenNoBrokerAnswers() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Instant start = Instant.now();

        int backup = backupctl(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort), "backup", "user",
                "--kafka-timeout", "3");
        int restore = backupctl(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort), "restore", "user",
                KEY, "--kafka-timeout", "3");

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
        assertThat(backup).isEqualTo(Exit.UNAVAILABLE);
        assertThat(restore).isEqualTo(Exit.UNAVAILABLE);
        assertThat(err.toString().lines()).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("backupctl: no Kafka broker at 127.0.0.1:" + closedPort).contains("within 3 s"));
    }

    @Test
    void restoresAllThroughTheCatalogAndExitsZeroWhenEverySchemaIsRestored() throws Exception {
        try (StubCatalogServer catalog = givenABatch(new StubCatalogServer(), "COMPLETED")) {
            int exit = backupctl(catalogEnvironment(catalog), "restore-all", "--database", "it_db",
                    "--no-safety-backup");

            assertThat(exit).as(out + "\n" + err).isEqualTo(Exit.OK);
            assertThat(out.toString()).contains("restore-all " + BATCH + " of it_db (RESTORE, safety backup: false):",
                    "  c_one: REQUESTED", "  c_one: COMPLETED in 1.5 s", "  c_two: COMPLETED in 1.5 s",
                    "restore-all " + BATCH + ": 2 of 2 succeeded, 0 skipped");
            StubCatalogServer.Request post = catalog.requests.get(0);
            assertThat(post.method() + " " + post.pathAndQuery()).isEqualTo("POST /api/restores/all");
            assertThat(post.authorization()).isEqualTo("Bearer it-token");
            assertThat(Json.read(post.body()).path("safetyBackup").asBoolean()).isFalse();
        }
    }

    @Test
    void restoresAllAndExitsOneWhenARestoreFailed() throws Exception {
        try (StubCatalogServer catalog = givenABatch(new StubCatalogServer(), "FAILED")) {
            int exit = backupctl(catalogEnvironment(catalog), "restore-all", "--database", "it_db");

            assertThat(exit).as(out + "\n" + err).isEqualTo(RestoreAllCommand.NOT_ALL_RESTORED);
            assertThat(out.toString()).contains("  c_two: FAILED: pg_restore exited 1", "1 of 2 succeeded");
        }
    }

    private static final String BATCH = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";

    /** The catalog's answers to a restore-all of c_one and c_two: requested first, then c_two ends in {@code end}. */
    private static StubCatalogServer givenABatch(StubCatalogServer catalog, String end) {
        String one = UUID.randomUUID().toString();
        String two = UUID.randomUUID().toString();
        catalog.answer("POST", "/api/restores/all", 202, """
                {"batchId":"%s","database":"it_db","asOf":null,
                 "restores":[
                   {"restoreId":"%s","schema":"c_one","backupId":"%s","key":"postgres/it_db/c_one_1.dump.gz"},
                   {"restoreId":"%s","schema":"c_two","backupId":"%s","key":"postgres/it_db/c_two_1.dump.gz"}],
                 "skipped":[],"unconfigured":[]}
                """.formatted(BATCH, one, UUID.randomUUID(), two, UUID.randomUUID()));
        String requested = "[" + row(one, "c_one", "REQUESTED") + "," + row(two, "c_two", "REQUESTED") + "]";
        String done = "[" + row(one, "c_one", "COMPLETED") + "," + row(two, "c_two", end) + "]";
        catalog.answer("GET", "/api/restores?batchId=" + BATCH, 200, requested, done);
        return catalog;
    }

    private static String row(String restoreId, String schema, String status) {
        boolean terminal = !status.equals("REQUESTED");
        boolean failed = status.equals("FAILED");
        return """
                {"restoreId":"%s","batchId":"%s","schema":"%s","status":"%s","terminal":%s,"succeeded":%s,
                 "reason":%s,"durationMs":%s}""".formatted(restoreId, BATCH, schema, status, terminal,
                terminal && !failed, failed ? "\"pg_restore exited 1\"" : "null", terminal && !failed ? 1500 : null);
    }

    private static Map<String, String> catalogEnvironment(StubCatalogServer catalog) {
        return Map.of("CATALOG_URL", catalog.url(), "CATALOG_API_TOKEN", "it-token", "RESTORE_POLL_SECONDS", "1",
                "RESTORE_WAIT_SECONDS", "60", "RESTORE_WORKER_URL", catalog.url());
    }

    private static void publish(Event event) {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(event.topic(), event.messageKey(), new EventCodec().encode(event)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int backupctl(String... args) {
        return backupctl(Map.of(), args);
    }

    private int backupctl(Map<String, String> overrides, String... args) {
        return backupctl(null, overrides, args);
    }

    /** The CLI as an operator's shell runs it, logged in as operator; {@code overrides} replace the environment's. */
    private int backupctl(Path repositoryRoot, Map<String, String> overrides, String... args) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "KAFKA_CLIENT_CONFIG", TestKafka.clientConfigFile("operator").toString(),
                "RESTORE_SIGNING_KEY", SIGNING_KEY,
                "USER", "it", "HOSTNAME", "backupctl-it"));
        environment.putAll(overrides);
        Context context = Context.of(new Settings(environment, repositoryRoot));
        return Backupctl.run(context, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** Plays the restore-worker: answers the first command of this test with a rejection. */
    private void rejectTheFirstCommandSince(Instant start) {
        ConsumerRecord<String, byte[]> record = awaitRecord(Topics.RESTORE_REQUESTED, r -> {
            RestoreRequested c = codec.decode(r.value(), RestoreRequested.class);
            return c.schema().equals("payment") && REQUESTER.equals(c.requestedBy())
                    && !c.occurredAt().isBefore(start.truncatedTo(ChronoUnit.SECONDS));
        });
        RestoreRequested command = codec.decode(record.value(), RestoreRequested.class);
        RestoreRejected rejection = new RestoreRejected(UUID.randomUUID(), Instant.now(), command.database(),
                command.schema(), command.restoreId(), "rejected by BackupctlIT", null, null,
                RestoreRejected.INVALID_COMMAND);
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.RESTORE_REJECTED, rejection.messageKey(),
                    codec.encode(rejection))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Plays the restore-worker for a point-in-time recovery: the first PITR command of {@code schema} this test's
     * operator sent for which {@code answer} has one gets it. Returns the command.
     */
    private RestoreRequested answerTheRecoveryOf(String schema,
                                                 Function<RestoreRequested, Event> answer) {
        ConsumerRecord<String, byte[]> record = awaitRecord(Topics.RESTORE_REQUESTED, r -> {
            RestoreRequested c = codec.decode(r.value(), RestoreRequested.class);
            return c.schema().equals(schema) && c.mode() == RestoreMode.PITR && REQUESTER.equals(c.requestedBy())
                    && answer.apply(c) != null;
        });
        RestoreRequested command = codec.decode(record.value(), RestoreRequested.class);
        publish(answer.apply(command));
        return command;
    }

    /** The first record of {@code topic} (read from the start, as admin) that {@code matches}. */
    private static ConsumerRecord<String, byte[]> awaitRecord(String topic,
                                                             Predicate<ConsumerRecord<String, byte[]>> matches) {
        Instant deadline = Instant.now().plus(WAIT);
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(topic)) {
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matches.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + WAIT.toSeconds() + " s");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
