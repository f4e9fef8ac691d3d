package com.aquastream.backup.catalog.restores;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aFailureOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aRefusalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.catalog.CatalogInstance;
import com.aquastream.backup.catalog.ResultEvents;
import com.aquastream.backup.catalog.backups.BackupIds;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.Closeables;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.RepositoryRoot;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restores through the real catalog database and broker: signed commands out through the outbox (checked with the
 * restore-worker's own {@link RestoreSignatures}), the restore-worker's answers in, restore-all as of a moment, and
 * the verification drills with their deterministic ids.
 */
class RestoresIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RestoreSignatures SIGNATURES =
            new RestoreSignatures(CatalogInstance.SIGNING_KEY.getBytes(StandardCharsets.UTF_8));
    private static final Instant DAY1 = Instant.parse("2030-03-01T02:00:00Z");
    private static final Instant DAY2 = DAY1.plus(Duration.ofDays(1));
    private static final Instant DAY3 = DAY2.plus(Duration.ofDays(1));

    static TestDatabase catalogDb;
    static EventCollector topics;
    static ResultEvents results;
    static CatalogInstance catalog;
    /** Three logical databases, so restore-all and the drills see only their own schemas. */
    static String database;
    static String allDb;
    static String drillDb;
    static String cliDb;

    @BeforeAll
    static void startCatalog() {
        catalogDb = TestDatabases.create();
        database = catalogDb.name();
        allDb = database + "_all";
        drillDb = database + "_drill";
        cliDb = database + "_cli";
        topics = new EventCollector(Topics.RESTORE_REQUESTED);
        results = new ResultEvents();
        catalog = CatalogInstance.start(catalogDb, Map.of(
                "catalog.restore.signing-key", CatalogInstance.SIGNING_KEY,
                // Daily drills, ticked only by the test: no catch-up on real time.
                "catalog.verification.cron", "0 0 4 * * *",
                "catalog.schedule.catch-up-on-start", "false",
                "catalog.schedule.targets." + database, "single,refused,verified,vfailed",
                "catalog.schedule.targets." + allDb, "alpha,beta,gamma,epsilon",
                "catalog.schedule.targets." + drillDb, "d_one,d_two,d_none",
                "catalog.schedule.targets." + cliDb, "c_one,c_two",
                // The restore points lie in 2030 on the real clock, out of every other test's way: trusted here
                // (CatalogIT tests the refusal of results from the future).
                "catalog.trust.max-clock-skew", "36500d"));
    }

    @AfterAll
    static void stopCatalog() {
        Closeables.closeAll(catalog, results, topics, catalogDb);
    }

    @Test
    void publishesASignedRestoreNamingTheBackupAndItsKeyOnlyWithTheToken() {
        BackupCompleted backup = recorded(aCompletionOf(new SchemaRef(database, "single"), DAY1, Tier.DAILY,
                Tier.MONTHLY));
        String body = "{\"backupId\":\"" + backup.backupId() + "\",\"targetDatabase\":\"scratch\"}";

        HttpResponse<String> anonymous = catalog.post("/api/restores", body, null);
        HttpResponse<String> accepted = catalog.post("/api/restores", body, CatalogInstance.TOKEN);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        UUID restoreId = UUID.fromString(json(accepted).get("restoreId").asString());
        RestoreRequested command = commandOf(restoreId);
        assertThat(SIGNATURES.verify(command)).as("signed with the restore-worker's key").isTrue();
        assertThat(command.backupId()).isEqualTo(backup.backupId());
        assertThat(command.key()).isEqualTo("postgres/" + database + "/single_20300301.dump.gz");
        assertThat(command.database()).isEqualTo(database);
        assertThat(command.schema()).isEqualTo("single");
        assertThat(command.targetDatabase()).isEqualTo("scratch");
        assertThat(command.mode()).isEqualTo(RestoreMode.RESTORE);
        assertThat(command.safetyBackupOrDefault()).isTrue();
        assertThat(command.forceOrDefault()).isFalse();
        assertThat(command.requestedBy()).isEqualTo("catalog-api");
        assertThat(command.messageKey()).isEqualTo(database + ".single");
        RestoreRequested redirected = new RestoreRequested(command.eventId(), command.occurredAt(), database, "single",
                restoreId, command.backupId(), command.key(), "production", command.mode(), command.safetyBackup(),
                command.requestedBy(), command.signature());
        assertThat(SIGNATURES.verify(redirected)).as("the signature covers the target").isFalse();
        assertThat(json(catalog.get("/api/restores/" + restoreId)).get("status").asString()).isEqualTo("REQUESTED");

        results.publish(new RestoreCompleted(UUID.randomUUID(), Instant.now(), database, "single", restoreId,
                backup.backupId(), command.key(), backup.sha256(), 4321, List.of(new TableCheck("accounts", 10, 10))));

        await().atMost(TIMEOUT).until(() -> "COMPLETED".equals(restoreStatus(restoreId)));
        JsonNode done = json(catalog.get("/api/restores/" + restoreId));
        assertThat(done.get("durationMs").asLong()).isEqualTo(4321);
        assertThat(done.get("terminal").asBoolean()).isTrue();
    }

    @Test
    void publishesASignedPointInTimeRecoveryWithoutABackupAndRecordsWhatItReached() {
        Instant asOf = DAY2.plus(Duration.ofMinutes(17));
        String body = "{\"mode\":\"PITR\",\"database\":\"" + database + "\",\"schema\":\"pitr\",\"asOf\":\""
                + asOf + "\"}";

        HttpResponse<String> anonymous = catalog.post("/api/restores", body, null);
        HttpResponse<String> accepted = catalog.post("/api/restores", body, CatalogInstance.TOKEN);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(json(accepted).get("mode").asString()).isEqualTo("PITR");
        assertThat(Instant.parse(json(accepted).get("asOf").asString())).isEqualTo(asOf);
        UUID restoreId = UUID.fromString(json(accepted).get("restoreId").asString());
        RestoreRequested command = commandOf(restoreId);
        assertThat(SIGNATURES.verify(command)).as("signed with the restore-worker's key").isTrue();
        assertThat(command.mode()).isEqualTo(RestoreMode.PITR);
        assertThat(command.asOf()).isEqualTo(asOf);
        assertThat(command.backupId()).isNull();
        assertThat(command.key()).isNull();
        assertThat(command.sha256()).isNull();
        assertThat(command.messageKey()).isEqualTo(database + ".pitr");
        JsonNode requested = json(catalog.get("/api/restores/" + restoreId));
        assertThat(requested.get("status").asString()).isEqualTo("REQUESTED");
        assertThat(requested.get("mode").asString()).isEqualTo("PITR");

        Instant recoveredTo = asOf.minusSeconds(2);
        results.publish(new RestoreCompleted(UUID.randomUUID(), Instant.now(), database, "pitr", restoreId, null,
                null, null, 5000, List.of(new TableCheck("pitr.accounts", 7, 7)), null, recoveredTo, false, null,
                null));

        await().atMost(TIMEOUT).until(() -> "COMPLETED".equals(restoreStatus(restoreId)));
        JsonNode done = json(catalog.get("/api/restores/" + restoreId));
        assertThat(Instant.parse(done.get("recoveredTo").asString())).isEqualTo(recoveredTo);
        assertThat(done.get("endOfArchive").asBoolean()).isFalse();
        assertThat(Instant.parse(done.get("asOf").asString())).isEqualTo(asOf);
    }

    @Test
    void recoversAWholeClusterToAMomentAndRefusesAPointInTimeRecoveryWithoutOne() {
        String cluster = database + "_cluster";
        Instant asOf = DAY3;

        HttpResponse<String> accepted = catalog.post("/api/restores", "{\"mode\":\"PITR\",\"cluster\":\""
                + cluster + "\",\"asOf\":\"" + asOf + "\"}", CatalogInstance.TOKEN);
        HttpResponse<String> noAsOf = catalog.post("/api/restores", "{\"mode\":\"PITR\",\"cluster\":\"" + cluster
                + "\"}", CatalogInstance.TOKEN);
        HttpResponse<String> withABackup = catalog.post("/api/restores", "{\"mode\":\"PITR\",\"backupId\":\""
                + UUID.randomUUID() + "\",\"asOf\":\"" + asOf + "\"}", CatalogInstance.TOKEN);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(noAsOf.statusCode()).isEqualTo(400);
        assertThat(json(noAsOf).get("detail").asString()).contains("asOf");
        assertThat(withABackup.statusCode()).isEqualTo(400);
        UUID restoreId = UUID.fromString(json(accepted).get("restoreId").asString());
        RestoreRequested command = commandOf(restoreId);
        assertThat(SIGNATURES.verify(command)).isTrue();
        assertThat(command.database()).isEqualTo(cluster);
        assertThat(command.schema()).isEqualTo("pg_cluster");

        results.publish(new RestoreCompleted(UUID.randomUUID(), Instant.now(), cluster, "pg_cluster", restoreId,
                null, null, null, 61000, List.of(), null, asOf.minusSeconds(1), true, "/var/tmp/pitr-1/data",
                "start it with pg_ctl"));

        await().atMost(TIMEOUT).until(() -> "COMPLETED".equals(restoreStatus(restoreId)));
        JsonNode done = json(catalog.get("/api/restores/" + restoreId));
        assertThat(done.get("dataDirectory").asString()).isEqualTo("/var/tmp/pitr-1/data");
        assertThat(done.get("nextSteps").asString()).contains("pg_ctl");
        assertThat(done.get("endOfArchive").asBoolean()).isTrue();
    }

    @Test
    void refusesUnknownFailedAndCorruptBackupsWithAClearError() {
        SchemaRef refused = new SchemaRef(database, "refused");
        BackupCompleted corrupt = recorded(aCompletionOf(refused, DAY1, Tier.DAILY));
        results.publish(new RestoreRejected(UUID.randomUUID(), Instant.now(), database, "refused", UUID.randomUUID(),
                "checksum mismatch", corrupt.backupId(), corrupt.objects().get(0).key(),
                RestoreRejected.CHECKSUM_MISMATCH));
        results.publish(aFailureOf(refused, DAY2));
        UUID failed = BackupIds.backupOf(BackupIds.scheduledRequest(refused, DAY2));
        await().atMost(TIMEOUT).until(() -> catalog.get("/api/backups/" + failed).statusCode() == 200
                && "CORRUPT".equals(json(catalog.get("/api/backups/" + corrupt.backupId())).get("status").asString()));

        HttpResponse<String> unknown = restoreOf(UUID.randomUUID(), "");
        HttpResponse<String> ofCorrupt = restoreOf(corrupt.backupId(), "");
        HttpResponse<String> ofFailed = restoreOf(failed, "");
        HttpResponse<String> badMode = restoreOf(corrupt.backupId(), ",\"mode\":\"DROP\"");
        HttpResponse<String> noBackupId = catalog.post("/api/restores", "{}", CatalogInstance.TOKEN);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("detail").asString()).contains("no backup");
        assertThat(ofCorrupt.statusCode()).isEqualTo(409);
        assertThat(json(ofCorrupt).get("detail").asString()).contains("CORRUPT");
        assertThat(ofFailed.statusCode()).isEqualTo(409);
        assertThat(json(ofFailed).get("detail").asString()).contains("FAILED");
        assertThat(badMode.statusCode()).isEqualTo(400);
        assertThat(json(badMode).get("detail").asString()).contains("VERIFY");
        assertThat(noBackupId.statusCode()).isEqualTo(400);
        assertThat(topics.events(RestoreRequested.class, r -> r.schema().equals("refused"))).isEmpty();
    }

    @Test
    void restoresEveryConfiguredSchemaFromItsNewestBackupAtOrBeforeAsOfUnderOneBatch() {
        List<BackupCompleted> alpha = new ArrayList<>();
        for (Instant day : List.of(DAY1, DAY2, DAY3)) {
            alpha.add(recorded(aCompletionOf(new SchemaRef(allDb, "alpha"), day, Tier.DAILY)));
        }
        BackupCompleted betaOld = recorded(aCompletionOf(new SchemaRef(allDb, "beta"), DAY1, Tier.DAILY));
        recorded(aCompletionOf(new SchemaRef(allDb, "beta"), DAY3, Tier.DAILY));
        BackupCompleted deltaUnconfigured = recorded(aCompletionOf(new SchemaRef(allDb, "delta"), DAY1, Tier.DAILY));
        recorded(aCompletionOf(new SchemaRef(allDb, "epsilon"), DAY3, Tier.DAILY));
        refused(new SchemaRef(allDb, "pg_catalog"));
        Instant asOf = DAY2.plus(Duration.ofHours(1));

        HttpResponse<String> anonymous = catalog.post("/api/restores/all", "{\"database\":\"" + allDb + "\"}", null);
        HttpResponse<String> accepted = catalog.post("/api/restores/all", "{\"database\":\"" + allDb
                + "\",\"asOf\":\"" + asOf + "\",\"safetyBackup\":false}", CatalogInstance.TOKEN);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode batch = json(accepted);
        UUID batchId = UUID.fromString(batch.get("batchId").asString());
        Map<String, UUID> chosen = Map.of("alpha", alpha.get(1).backupId(), "beta", betaOld.backupId());
        assertThat(batch.get("restores")).hasSize(2);
        for (JsonNode each : batch.get("restores")) {
            assertThat(UUID.fromString(each.get("backupId").asString()))
                    .as(each.get("schema").asString()).isEqualTo(chosen.get(each.get("schema").asString()));
        }
        assertThat(batch.get("skipped")).extracting(s -> s.get("schema").asString())
                .containsExactlyInAnyOrder("gamma", "epsilon");
        assertThat(skipReason(batch, "gamma")).contains("no backup");
        assertThat(skipReason(batch, "epsilon")).contains("at or before " + asOf);
        assertThat(batch.get("unconfigured")).singleElement().satisfies(u -> {
            assertThat(u.get("schema").asString()).isEqualTo("delta");
            assertThat(u.get("backupId").asString()).isEqualTo(deltaUnconfigured.backupId().toString());
        });
        await().atMost(TIMEOUT).until(() -> batchCommands(batchId).size() == 2);
        assertThat(batchCommands(batchId)).allSatisfy(c -> {
            assertThat(SIGNATURES.verify(c)).isTrue();
            assertThat(c.asOf()).isEqualTo(asOf);
            assertThat(c.safetyBackupOrDefault()).isFalse();
            assertThat(c.backupId()).isEqualTo(chosen.get(c.schema()));
            assertThat(c.key()).isEqualTo("postgres/" + allDb + "/" + c.schema() + "_"
                    + (c.schema().equals("alpha") ? "20300302" : "20300301") + ".dump.gz");
        });

        RestoreRequested alphaCommand = commandOfSchema(batchId, "alpha");
        RestoreRequested betaCommand = commandOfSchema(batchId, "beta");
        results.publish(new RestoreCompleted(UUID.randomUUID(), Instant.now(), allDb, "alpha",
                alphaCommand.restoreId(), alphaCommand.backupId(), alphaCommand.key(), "ab", 1000, List.of()));
        results.publish(new RestoreFailed(UUID.randomUUID(), Instant.now(), allDb, "beta", betaCommand.restoreId(),
                "pg_restore exited 1"));

        await().atMost(TIMEOUT).until(() -> statusesOf(batchId).equals(
                Map.of("alpha", "COMPLETED", "beta", "FAILED")));
        JsonNode beta = json(catalog.get("/api/restores/" + betaCommand.restoreId()));
        assertThat(beta.get("reason").asString()).isEqualTo("pg_restore exited 1");
        assertThat(beta.get("batchId").asString()).isEqualTo(batchId.toString());
    }

    @Test
    void recordsASuccessfulVerificationOnTheBackupItsApiAndItsGauge() {
        BackupCompleted backup = recorded(aCompletionOf(new SchemaRef(database, "verified"), DAY1, Tier.DAILY));
        HttpResponse<String> accepted = restoreOf(backup.backupId(), ",\"mode\":\"VERIFY\",\"safetyBackup\":false");
        UUID restoreId = UUID.fromString(json(accepted).get("restoreId").asString());
        RestoreRequested command = commandOf(restoreId);
        Instant verifiedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        results.publish(new RestoreVerified(UUID.randomUUID(), verifiedAt, database, "verified", restoreId,
                backup.backupId(), command.key(), backup.sha256(), 777, List.of(new TableCheck("accounts", 10, 10))));

        await().atMost(TIMEOUT).until(() -> !json(catalog.get("/api/backups/" + backup.backupId()))
                .get("verifiedAt").isNull());
        assertThat(command.mode()).isEqualTo(RestoreMode.VERIFY);
        assertThat(Instant.parse(json(catalog.get("/api/backups/" + backup.backupId())).get("verifiedAt").asString()))
                .isEqualTo(verifiedAt);
        assertThat(restoreStatus(restoreId)).isEqualTo("VERIFIED");
        assertThat(metric("backup_last_verified_timestamp_seconds", "verified"))
                .isEqualTo((double) verifiedAt.getEpochSecond());
    }

    @Test
    void recordsAFailedVerificationOnTheBackup() {
        BackupCompleted backup = recorded(aCompletionOf(new SchemaRef(database, "vfailed"), DAY1, Tier.DAILY));
        HttpResponse<String> accepted = restoreOf(backup.backupId(), ",\"mode\":\"VERIFY\"");
        UUID restoreId = UUID.fromString(json(accepted).get("restoreId").asString());

        results.publish(new RestoreFailed(UUID.randomUUID(), Instant.now(), database, "vfailed", restoreId,
                "accounts: expected 10 rows, found 9"));

        await().atMost(TIMEOUT).until(() -> !json(catalog.get("/api/backups/" + backup.backupId()))
                .get("verificationFailedAt").isNull());
        JsonNode view = json(catalog.get("/api/backups/" + backup.backupId()));
        assertThat(view.get("verificationFailure").asString()).contains("expected 10 rows, found 9");
        assertThat(view.get("verifiedAt").isNull()).isTrue();
        assertThat(restoreStatus(restoreId)).isEqualTo("FAILED");
    }

    @Test
    void drillsEachScheduledSchemaOncePerSlotWithDeterministicIds() {
        SchemaRef one = new SchemaRef(drillDb, "d_one");
        SchemaRef two = new SchemaRef(drillDb, "d_two");
        recorded(aCompletionOf(one, DAY1, Tier.DAILY));
        BackupCompleted oneNewest = recorded(aCompletionOf(one, DAY2, Tier.DAILY));
        BackupCompleted twoNewest = recorded(aCompletionOf(two, DAY1, Tier.DAILY, Tier.MONTHLY));
        Instant slot = Instant.parse("2031-01-10T04:00:00Z");
        VerificationDrills drills = catalog.bean(VerificationDrills.class);

        List<RestoreRequested> first = drills.tick(slot.plusSeconds(30));
        List<RestoreRequested> again = drills.tick(slot.plusSeconds(90));

        assertThat(ofDrillDb(first)).extracting(RestoreRequested::schema).containsExactlyInAnyOrder("d_one", "d_two");
        assertThat(ofDrillDb(again)).isEmpty();
        await().atMost(TIMEOUT).until(() -> drillCommands().size() == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> drillCommands().size() == 2);
        assertThat(drillCommands()).allSatisfy(c -> {
            assertThat(SIGNATURES.verify(c)).isTrue();
            assertThat(c.mode()).isEqualTo(RestoreMode.VERIFY);
            assertThat(c.safetyBackupOrDefault()).isFalse();
            assertThat(c.requestedBy()).isEqualTo("catalog:drill");
            assertThat(c.restoreId()).isEqualTo(BackupIds.drillRestore(new SchemaRef(drillDb, c.schema()), slot));
        });
        assertThat(drillCommands()).extracting(RestoreRequested::backupId)
                .containsExactlyInAnyOrder(oneNewest.backupId(), twoNewest.backupId());
        assertThat(drillCommands()).extracting(RestoreRequested::key).containsExactlyInAnyOrder(
                "postgres/" + drillDb + "/d_one_20300302.dump.gz", "postgres/" + drillDb + "/d_two_20300301.dump.gz");
    }

    @Test
    void requestRestoreAllScriptFollowsTheBatchAndSucceedsOnlyWhenEveryConfiguredSchemaDid() throws Exception {
        BackupCompleted one = recorded(aCompletionOf(new SchemaRef(cliDb, "c_one"), DAY1, Tier.DAILY));
        BackupCompleted two = recorded(aCompletionOf(new SchemaRef(cliDb, "c_two"), DAY1, Tier.DAILY));
        // What made a fully restored database exit 1: a refused request for pg_catalog and a typo, and a schema
        // with backups that is no longer configured. None of them is a target.
        refused(new SchemaRef(cliDb, "pg_catalog"));
        refused(new SchemaRef(cliDb, "c_tow"));
        recorded(aCompletionOf(new SchemaRef(cliDb, "c_legacy"), DAY1, Tier.DAILY));
        Path script = RepositoryRoot.containing("bin/request-restore-all").resolve("bin/request-restore-all");

        Process verify = startScript(script, "--verify", "--as-of", DAY2.toString(), cliDb);
        List<RestoreRequested> drill = awaitCommands(cliDb, RestoreMode.VERIFY, 2);
        drill.forEach(c -> results.publish(new RestoreVerified(UUID.randomUUID(), Instant.now(), cliDb, c.schema(),
                c.restoreId(), c.backupId(), c.key(), "ab", 1500, List.of())));
        String verifyOutput = finish(verify);

        Process restore = startScript(script, "--no-safety-backup", cliDb);
        List<RestoreRequested> restores = awaitCommands(cliDb, RestoreMode.RESTORE, 2);
        results.publish(new RestoreCompleted(UUID.randomUUID(), Instant.now(), cliDb, restores.get(0).schema(),
                restores.get(0).restoreId(), restores.get(0).backupId(), restores.get(0).key(), "ab", 900, List.of()));
        results.publish(new RestoreFailed(UUID.randomUUID(), Instant.now(), cliDb, restores.get(1).schema(),
                restores.get(1).restoreId(), "target database is not on the allow-list"));
        String restoreOutput = finish(restore);

        assertThat(verify.exitValue()).as(verifyOutput).isZero();
        assertThat(verifyOutput).contains("c_one: VERIFIED in 1.5 s", "c_two: VERIFIED", "2 of 2 succeeded, 0 skipped",
                "c_legacy: not configured, not restored").doesNotContain("pg_catalog", "c_tow");
        assertThat(drill).allSatisfy(c -> {
            assertThat(SIGNATURES.verify(c)).isTrue();
            assertThat(c.asOf()).isEqualTo(DAY2);
        });
        assertThat(drill).extracting(RestoreRequested::backupId)
                .containsExactlyInAnyOrder(one.backupId(), two.backupId());
        assertThat(restore.exitValue()).as(restoreOutput).isEqualTo(1);
        assertThat(restoreOutput).contains(restores.get(1).schema() + ": FAILED: target database is not on the",
                "1 of 2 succeeded");
        assertThat(restores).allSatisfy(c -> assertThat(c.safetyBackupOrDefault()).isFalse());
    }

    private static Process startScript(Path script, String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CATALOG_URL", catalog.baseUrl());
        builder.environment().put("CATALOG_API_TOKEN", CatalogInstance.TOKEN);
        builder.environment().put("RESTORE_POLL_SECONDS", "1");
        builder.environment().put("RESTORE_WAIT_SECONDS", "60");
        return builder.start();
    }

    private static String finish(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as(output).isTrue();
        return output;
    }

    /** The newest batch of {@code count} commands of a mode for a database (each script run is one batch). */
    private static List<RestoreRequested> awaitCommands(String db, RestoreMode mode, int count) {
        await().atMost(TIMEOUT).until(() -> topics.events(RestoreRequested.class,
                r -> r.database().equals(db) && r.mode() == mode).size() >= count);
        List<RestoreRequested> all = topics.events(RestoreRequested.class,
                r -> r.database().equals(db) && r.mode() == mode);
        List<RestoreRequested> batch = all.subList(all.size() - count, all.size());
        assertThat(batch).extracting(RestoreRequested::batchId).doesNotContainNull().containsOnly(batch.get(0).batchId());
        return batch;
    }

    /** The backup-worker's refusal of a request for {@code schema}, once the catalog has recorded it. */
    private static void refused(SchemaRef schema) {
        BackupFailed refusal = aRefusalOf(schema, UUID.randomUUID());
        results.publish(refusal);
        await().atMost(TIMEOUT).until(() -> catalogDb.queryLong("select count(*) from catalog.processed_event"
                + " where event_id = '" + refusal.eventId() + "'") == 1);
    }

    private static BackupCompleted recorded(BackupCompleted completed) {
        results.publish(completed);
        await().atMost(TIMEOUT).until(() -> catalog.get("/api/backups/" + completed.backupId()).statusCode() == 200);
        return completed;
    }

    private static HttpResponse<String> restoreOf(UUID backupId, String moreJson) {
        return catalog.post("/api/restores", "{\"backupId\":\"" + backupId + "\"" + moreJson + "}",
                CatalogInstance.TOKEN);
    }

    private static RestoreRequested commandOf(UUID restoreId) {
        await().atMost(TIMEOUT).until(() -> !topics.events(RestoreRequested.class,
                r -> r.restoreId().equals(restoreId)).isEmpty());
        List<RestoreRequested> found = topics.events(RestoreRequested.class, r -> r.restoreId().equals(restoreId));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<RestoreRequested> batchCommands(UUID batchId) {
        return topics.events(RestoreRequested.class, r -> batchId.equals(r.batchId()));
    }

    private static RestoreRequested commandOfSchema(UUID batchId, String schema) {
        return batchCommands(batchId).stream().filter(c -> c.schema().equals(schema)).findFirst().orElseThrow();
    }

    private static List<RestoreRequested> drillCommands() {
        return ofDrillDb(topics.events(RestoreRequested.class, r -> true));
    }

    private static List<RestoreRequested> ofDrillDb(List<RestoreRequested> commands) {
        return commands.stream().filter(c -> c.database().equals(drillDb)).toList();
    }

    private static Map<String, String> statusesOf(UUID batchId) {
        Map<String, String> statuses = new java.util.TreeMap<>();
        json(catalog.get("/api/restores?batchId=" + batchId))
                .forEach(r -> statuses.put(r.get("schema").asString(), r.get("status").asString()));
        return statuses;
    }

    private static String restoreStatus(UUID restoreId) {
        return json(catalog.get("/api/restores/" + restoreId)).get("status").asString();
    }

    private static String skipReason(JsonNode batch, String schema) {
        for (JsonNode each : batch.get("skipped")) {
            if (each.get("schema").asString().equals(schema)) {
                return each.get("reason").asString();
            }
        }
        throw new AssertionError("not skipped: " + schema);
    }

    private static double metric(String name, String schema) {
        List<String> lines = catalog.get("/actuator/prometheus").body().lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("database=\"" + database + "\"")
                        && l.contains("schema=\"" + schema + "\""))
                .toList();
        assertThat(lines).as(name + " of " + schema).hasSize(1);
        return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
