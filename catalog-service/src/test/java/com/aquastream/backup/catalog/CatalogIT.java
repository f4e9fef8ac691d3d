package com.aquastream.backup.catalog;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aFailureOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aRefusalOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.reAnnounced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.KnownRequest;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.core.security.ExpirySignatures;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.CloudEventHeaders;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.testsupport.Closeables;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.ServiceSmoke;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 * The catalog service as a whole against real PostgreSQL and a real broker: results in, status and API out,
 * retention's expiries and manual requests through the outbox, metrics and health.
 */
class CatalogIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant SLOT = Instant.parse("2025-06-02T02:00:00Z");
    /** One schema per concern, so the tests share the instance without seeing each other's backups. */
    private static final List<String> TARGETS = List.of("dups", "status_ok", "status_ok_too", "status_none",
            "status_failed", "manual", "retention", "pinning", "dead_letters", "metrics", "corrupt", "refused_target",
            "trust_future", "trust_checksum");

    static TestDatabase catalogDb;
    static EventCollector topics;
    static ResultEvents results;
    static CatalogInstance catalog;
    static String database;

    @BeforeAll
    static void startCatalog() {
        catalogDb = TestDatabases.create();
        database = catalogDb.name(); // a name no other test uses: events about it are this test's only
        topics = new EventCollector(Topics.BACKUP_REQUESTED, Topics.BACKUP_EXPIRED,
                Topics.deadLetterOf(Topics.BACKUP_COMPLETED), Topics.deadLetterOf(Topics.BACKUP_FAILED));
        results = new ResultEvents();
        catalog = CatalogInstance.start(catalogDb, Map.of(
                "catalog.schedule.targets." + database, String.join(",", TARGETS)));
    }

    @AfterAll
    static void stopCatalog() {
        Closeables.closeAll(catalog, results, topics, catalogDb);
    }

    @Test
    void recordsTheSameCompletedEventOnceWhenItIsDeliveredTwiceOrReAnnounced() {
        BackupCompleted completed = aCompletionOf(schema("dups"), SLOT, Tier.DAILY, Tier.WEEKLY);
        BackupCompleted announcedAgain = reAnnounced(completed);

        results.publish(completed);
        results.publish(completed);
        results.publish(announcedAgain);

        // Same key, same partition: once the re-announcement is handled, so is the duplicate before it.
        await().atMost(TIMEOUT).until(() -> processed(completed.eventId().toString())
                && processed(announcedAgain.eventId().toString()));
        assertThat(catalogDb.queryLong("select count(*) from catalog.backup where backup_id = '"
                + completed.backupId() + "'")).isEqualTo(1);
        assertThat(catalogDb.queryLong("select count(*) from catalog.backup_object where backup_id = '"
                + completed.backupId() + "'")).isEqualTo(2);
        JsonNode listed = json(catalog.get("/api/backups?database=" + database + "&schema=dups"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(listed.get(0).get("tableRowCounts").get("accounts").asLong()).isEqualTo(10);
        assertThat(outcomeCount("dups", "completed")).isEqualTo(1.0);
    }

    @Test
    void showsACrossForASchemaWithoutBackupOrWithAFailureAndATickWithAgeAndSizeForTheOthers() {
        results.publish(aCompletionOf(schema("status_ok"), SLOT, Tier.DAILY));
        results.publish(aCompletionOf(schema("status_ok_too"), SLOT, Tier.DAILY));
        results.publish(aCompletionOf(schema("status_failed"), SLOT, Tier.DAILY));
        results.publish(aFailureOf(schema("status_failed"), SLOT.plus(Duration.ofDays(1))));

        await().atMost(TIMEOUT).until(() -> statusOf("status_ok").get("ok").asBoolean()
                && statusOf("status_ok_too").get("ok").asBoolean()
                && statusOf("status_failed").get("problem").asString("").contains("failed"));

        JsonNode ok = statusOf("status_ok");
        assertThat(ok.get("mark").asString()).isEqualTo("✓");
        assertThat(ok.get("latestKey").asString()).isEqualTo("postgres/" + database + "/status_ok_20250602.dump.gz");
        assertThat(ok.get("sizeBytes").asLong()).isEqualTo(1234);
        assertThat(ok.get("ageSeconds").asLong()).isPositive();
        assertThat(ok.get("line").asString()).isEqualTo("✓ status_ok: status_ok_20250602.dump.gz (1234 bytes)");
        assertThat(statusOf("status_ok_too").get("mark").asString()).isEqualTo("✓");
        JsonNode none = statusOf("status_none");
        assertThat(none.get("mark").asString()).isEqualTo("✗");
        assertThat(none.get("line").asString()).isEqualTo("✗ status_none: NO BACKUP FOUND");
        JsonNode payment = statusOf("status_failed");
        assertThat(payment.get("mark").asString()).isEqualTo("✗");
        assertThat(payment.get("problem").asString()).contains("latest backup failed").contains("connection refused");
    }

    @Test
    void listsAndCountsRefusedRequestsWithoutMakingTheirSchemasTargets() {
        double refusedBefore = refusedTotal();
        BackupFailed unconfigured = aRefusalOf(schema("pg_catalog"), UUID.randomUUID());
        BackupFailed configured = aRefusalOf(schema("refused_target"), UUID.randomUUID());
        UUID hostileRequest = UUID.randomUUID();
        BackupFailed hostile = new BackupFailed(UUID.randomUUID(), Instant.now(), database,
                "pg_catalog\"; drop schema x;--\n", hostileRequest, 0, false, "rejected: not a plain identifier");

        results.publish(hostile);
        results.publish(unconfigured);
        results.publish(unconfigured);
        results.publish(configured);

        await().atMost(TIMEOUT).until(() -> processed(unconfigured.eventId().toString())
                && processed(configured.eventId().toString()) && refusedTotal() - refusedBefore >= 2.0);
        await().atMost(TIMEOUT).until(() -> topics.records(Topics.deadLetterOf(Topics.BACKUP_FAILED)).stream()
                .anyMatch(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                        .contains(hostileRequest.toString())));
        JsonNode pgCatalog = refusedOf("pg_catalog");
        assertThat(pgCatalog.get("target").asBoolean()).isFalse();
        assertThat(pgCatalog.get("requests").asLong()).isEqualTo(1);
        assertThat(pgCatalog.get("lastRequestId").asString()).isEqualTo(unconfigured.requestId().toString());
        assertThat(pgCatalog.get("lastReason").asString()).isEqualTo(unconfigured.reason());
        assertThat(refusedOf("refused_target").get("target").asBoolean()).isTrue();
        assertThat(json(catalog.get("/api/requests/refused")))
                .noneMatch(r -> r.get("database").asString().equals(database)
                        && r.get("schema").asString().startsWith("pg_catalog\""));
        assertThat(refusedTotal() - refusedBefore).isEqualTo(2.0);
        assertThat(catalogDb.queryLong("select count(*) from catalog.backup where database_name = '" + database
                + "' and schema_name = 'pg_catalog'")).isZero();
        assertThat(json(catalog.get("/api/status"))).filteredOn(s -> s.get("database").asString().equals(database))
                .extracting(s -> s.get("schema").asString())
                .containsExactlyElementsOf(TARGETS.stream().sorted().toList());
        assertThat(statusOf("refused_target").get("problem").asString()).contains("rejected: ");
        assertThat(catalog.get("/api/requests/refused?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void marksABackupCorruptWhenARestoreFindsItsChecksumWrongAndOnlyThen() {
        BackupCompleted backup = aCompletionOf(schema("corrupt"), SLOT, Tier.DAILY);
        results.publish(backup);
        await().atMost(TIMEOUT).until(() -> statusOf("corrupt").get("ok").asBoolean());
        UUID restoreId = UUID.randomUUID();
        String key = backup.objects().get(0).key();

        results.publish(new RestoreRejected(UUID.randomUUID(), Instant.now(), database, "corrupt", restoreId,
                "unsigned", backup.backupId(), key, RestoreRejected.INVALID_COMMAND));
        results.publish(new RestoreRejected(UUID.randomUUID(), Instant.now(), database, "corrupt", restoreId,
                "checksum mismatch", backup.backupId(), key, RestoreRejected.CHECKSUM_MISMATCH));

        await().atMost(TIMEOUT).until(() -> "CORRUPT".equals(json(catalog.get("/api/backups?database=" + database
                + "&schema=corrupt")).get(0).get("status").asString()));
        JsonNode status = statusOf("corrupt");
        assertThat(status.get("mark").asString()).isEqualTo("✗");
        assertThat(status.get("problem").asString()).contains("corrupt");
    }

    @Test
    void requestsAManualBackupThroughTheOutboxOnlyWithTheToken() {
        String body = "{\"database\":\"" + database + "\",\"schema\":\"manual\",\"requestedBy\":\"ops\"}";

        HttpResponse<String> anonymous = catalog.post("/api/backups", body, null);
        HttpResponse<String> wrongToken = catalog.post("/api/backups", body, "guess");
        HttpResponse<String> accepted = catalog.post("/api/backups", body, CatalogInstance.TOKEN);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("Authorization: Bearer");
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(accepted.statusCode()).isEqualTo(202);
        UUID requestId = UUID.fromString(json(accepted).get("requestIds").get(0).asString());
        await().atMost(TIMEOUT).until(() -> !topics.events(BackupRequested.class,
                r -> r.requestId().equals(requestId)).isEmpty());
        BackupRequested request = topics.events(BackupRequested.class, r -> r.requestId().equals(requestId)).get(0);
        assertThat(request.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(request.tiers()).containsExactly(Tier.MANUAL);
        assertThat(request.messageKey()).isEqualTo(database + ".manual");
        assertThat(request.requestedBy()).isEqualTo("ops");
        var record = topics.records(Topics.BACKUP_REQUESTED).stream()
                .filter(r -> request.eventId().toString().equals(EventCollector.header(r, CloudEventHeaders.ID)))
                .findFirst().orElseThrow();
        assertThat(EventCollector.header(record, CloudEventHeaders.SOURCE)).isEqualTo("catalog-service");
    }

    /**
     * The platform's outbox ({@code JdbcOutbox}, plain JDBC) and the catalog's JPA writes share one transaction: a
     * change that rolls back leaves neither its row nor its event, a committed one both, and only that is relayed.
     */
    @Test
    void enqueuesNothingWhenTheChangeItAnnouncesRollsBack() {
        BackupRequested rolledBack = aManualRequestOf(schema("manual"));
        BackupRequested committed = aManualRequestOf(schema("manual"));
        Transactions transactions = catalog.bean(Transactions.class);
        BackupCatalog backups = catalog.bean(BackupCatalog.class);
        Outbox outbox = catalog.bean(Outbox.class);

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            backups.recordRequest(knownRequestOf(rolledBack));
            outbox.enqueue(rolledBack);
            throw new IllegalStateException("the change fails after its event was enqueued");
        })).hasMessageContaining("the change fails");
        transactions.inTransaction(() -> {
            backups.recordRequest(knownRequestOf(committed));
            outbox.enqueue(committed);
            return null;
        });

        await().atMost(TIMEOUT).until(() -> !topics.events(BackupRequested.class,
                r -> r.eventId().equals(committed.eventId())).isEmpty());
        assertThat(backups.request(committed.requestId())).isPresent();
        assertThat(backups.request(rolledBack.requestId())).isEmpty();
        assertThat(catalogDb.queryLong("select count(*) from catalog.outbox where event_id = '"
                + rolledBack.eventId() + "'")).isZero();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> topics.events(
                BackupRequested.class, r -> r.eventId().equals(rolledBack.eventId())).isEmpty());
    }

    private static BackupRequested aManualRequestOf(SchemaRef schema) {
        return new BackupRequested(UUID.randomUUID(), Instant.now(), schema.database(), schema.schema(),
                UUID.randomUUID(), List.of(Tier.MANUAL), Trigger.MANUAL, "catalog-it", null);
    }

    private static KnownRequest knownRequestOf(BackupRequested request) {
        return new KnownRequest(request.requestId(), new SchemaRef(request.database(), request.schema()),
                request.tiers(), request.trigger(), request.requestedBy(), request.occurredAt());
    }

    @Test
    void answersReadsOnlyWithTheToken() {
        HttpResponse<String> anonymousStatus = catalog.getAnonymously("/api/status");
        HttpResponse<String> anonymousList = catalog.getAnonymously("/api/backups?database=" + database);
        HttpResponse<String> withToken = catalog.get("/api/status");

        assertThat(anonymousStatus.statusCode()).isEqualTo(401);
        assertThat(anonymousStatus.body()).contains("Authorization: Bearer");
        assertThat(anonymousList.statusCode()).isEqualTo(401);
        assertThat(withToken.statusCode()).isEqualTo(200);
    }

    @Test
    void requestsAManualBackupOfEverySchemaOfTheDatabase() {
        HttpResponse<String> accepted = catalog.post("/api/backups", "{\"database\":\"" + database + "\"}",
                CatalogInstance.TOKEN);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(json(accepted).get("requestIds")).hasSize(TARGETS.size());
    }

    @Test
    void refusesRestoresWithAClearServiceUnavailableWhenNoSigningKeyIsConfigured() {
        HttpResponse<String> restore = catalog.post("/api/restores", "{\"backupId\":\"" + UUID.randomUUID() + "\"}",
                CatalogInstance.TOKEN);
        HttpResponse<String> restoreAll = catalog.post("/api/restores/all", "{\"database\":\"" + database + "\"}",
                CatalogInstance.TOKEN);

        assertThat(restore.statusCode()).isEqualTo(503);
        assertThat(json(restore).get("detail").asString()).contains("RESTORE_SIGNING_KEY");
        assertThat(restoreAll.statusCode()).isEqualTo(503);
    }

    @Test
    void answersBadInputWithAClearBadRequest() {
        HttpResponse<String> badName = catalog.get("/api/backups?schema=Robert%27);drop");
        HttpResponse<String> badTier = catalog.get("/api/backups?tier=HOURLY");
        HttpResponse<String> unknownSchema = catalog.post("/api/backups",
                "{\"database\":\"" + database + "\",\"schema\":\"nosuch\"}", CatalogInstance.TOKEN);
        HttpResponse<String> badId = catalog.get("/api/backups/not-a-uuid");
        HttpResponse<String> unknownId = catalog.get("/api/backups/" + UUID.randomUUID());

        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(json(badName).get("detail").asString()).contains("is not a plain identifier");
        assertThat(badTier.statusCode()).isEqualTo(400);
        assertThat(json(badTier).get("detail").asString()).contains("DAILY");
        assertThat(unknownSchema.statusCode()).isEqualTo(400);
        assertThat(json(unknownSchema).get("detail").asString()).contains("not configured");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(unknownId.statusCode()).isEqualTo(404);
    }

    @Test
    void expiresTheOldestDailiesBeyondSevenAndAnnouncesThemSignedWhileKeepingAPinnedOne() {
        SchemaRef media = schema("retention");
        List<BackupCompleted> days = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            days.add(aCompletionOf(media, Instant.parse("2002-07-10T02:00:00Z").plus(Duration.ofDays(i)), Tier.DAILY));
        }
        results.publish(days.get(0));
        await().atMost(TIMEOUT).until(() -> catalog.get("/api/backups/" + days.get(0).backupId()).statusCode() == 200);
        HttpResponse<String> pinned = catalog.post("/api/backups/" + days.get(0).backupId() + "/pin", null,
                CatalogInstance.TOKEN);

        days.subList(1, 10).forEach(results::publish);

        assertThat(pinned.statusCode()).isEqualTo(200);
        assertThat(json(pinned).get("pinned").asBoolean()).isTrue();
        await().atMost(TIMEOUT).until(() -> expiredOf(days.get(1)).size() + expiredOf(days.get(2)).size() == 2);
        BackupExpired expired = expiredOf(days.get(1)).get(0);
        assertThat(expired.objects()).containsExactly(
                new StoredObject(Tier.DAILY, "postgres/" + database + "/retention_20020711.dump.gz"));
        assertThat(expired.reason()).contains("beyond the newest 7 DAILY");
        assertThat(expired.pinned()).isFalse();
        assertThat(new ExpirySignatures("expiry-1", CatalogInstance.EXPIRY_KEY.getBytes(StandardCharsets.UTF_8))
                .check(expired).valid()).as("signed with the expiry key the deleters hold").isTrue();
        assertThat(expiredOf(days.get(0))).isEmpty();
        assertThat(expiredOf(days.get(3))).isEmpty();
        JsonNode plan = json(catalog.get("/api/retention/plan?database=" + database + "&schema=retention")).get(0);
        assertThat(plan.get("objects")).as("7 newest and the pinned one still hold data").hasSize(8);
        assertThat(plan.get("objects")).allSatisfy(o -> assertThat(o.get("verdict").asString()).isEqualTo("KEEP"));
        assertThat(json(catalog.get("/api/backups?database=" + database + "&schema=retention&status=EXPIRED")))
                .hasSize(2);
    }

    @Test
    void appliesRetentionOnDemandOnlyWithTheToken() {
        HttpResponse<String> anonymous = catalog.post("/api/retention/apply", null, null);
        HttpResponse<String> applied = catalog.post("/api/retention/apply?database=" + database + "&schema=dups",
                null, CatalogInstance.TOKEN);
        HttpResponse<String> halfNamed = catalog.post("/api/retention/apply?database=" + database, null,
                CatalogInstance.TOKEN);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(json(applied).get(0).get("schema").get("schema").asString()).isEqualTo("dups");
        assertThat(halfNamed.statusCode()).isEqualTo(400);
    }

    @Test
    void unpinsABackupWithTheToken() {
        BackupCompleted completed = aCompletionOf(schema("pinning"), Instant.parse("2002-08-01T02:00:00Z"), Tier.DAILY,
                Tier.MONTHLY);
        results.publish(completed);
        await().atMost(TIMEOUT).until(() -> catalog.get("/api/backups/" + completed.backupId()).statusCode() == 200);
        catalog.post("/api/backups/" + completed.backupId() + "/pin", null, CatalogInstance.TOKEN);

        HttpResponse<String> anonymous = catalog.delete("/api/backups/" + completed.backupId() + "/pin", null);
        HttpResponse<String> unpinned = catalog.delete("/api/backups/" + completed.backupId() + "/pin",
                CatalogInstance.TOKEN);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(unpinned).get("pinned").asBoolean()).isFalse();
    }

    @Test
    void sendsAMalformedResultToTheDeadLetterTopicAndKeepsConsuming() {
        String marker = "garbage-" + UUID.randomUUID();
        BackupCompleted after = aCompletionOf(schema("dead_letters"), Instant.parse("2002-09-01T02:00:00Z"), Tier.DAILY);

        results.publishRaw(Topics.BACKUP_COMPLETED, database + ".dead_letters", "{\"" + marker + "\":");
        results.publish(after);

        await().atMost(TIMEOUT).until(() -> topics.records(Topics.deadLetterOf(Topics.BACKUP_COMPLETED)).stream()
                .anyMatch(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains(marker)));
        await().atMost(TIMEOUT).until(() -> catalog.get("/api/backups/" + after.backupId()).statusCode() == 200);
    }

    @Test
    void deadLettersACompletionFromTheFutureAndChangesNoRetentionDecision() {
        SchemaRef schema = schema("trust_future");
        List<BackupCompleted> days = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            days.add(aCompletionOf(schema, Instant.parse("2002-10-01T02:00:00Z").plus(Duration.ofDays(i)), Tier.DAILY));
        }
        days.forEach(results::publish);
        await().atMost(TIMEOUT).until(() -> days.stream().allMatch(d -> processed(d.eventId().toString()))
                && expiredOf(days.get(0)).size() + expiredOf(days.get(1)).size() == 2);
        JsonNode planBefore = retentionPlanOf("trust_future");
        double untrustedBefore = untrustedTotal(Topics.BACKUP_COMPLETED);
        BackupCompleted forged = aCompletionOf(schema, Instant.now().plus(Duration.ofDays(30)), Tier.DAILY);

        results.publish(forged);

        await().atMost(TIMEOUT).until(() -> deadLetterOf(Topics.BACKUP_COMPLETED, forged.backupId().toString())
                .isPresent());
        assertThat(deadLetterOf(Topics.BACKUP_COMPLETED, forged.backupId().toString()).orElseThrow())
                .contains("lies in the future");
        assertThat(catalog.get("/api/backups/" + forged.backupId()).statusCode()).isEqualTo(404);
        assertThat(processed(forged.eventId().toString())).isFalse();
        assertThat(retentionPlanOf("trust_future")).isEqualTo(planBefore);
        assertThat(expiredOf(days.get(2))).as("the third oldest real daily is still kept").isEmpty();
        assertThat(untrustedTotal(Topics.BACKUP_COMPLETED)).isEqualTo(untrustedBefore + 1);
    }

    @Test
    void deadLettersAKnownBackupAnnouncedWithAnotherChecksumAndStillAcceptsItsTrueReAnnouncement() {
        BackupCompleted real = aCompletionOf(schema("trust_checksum"), SLOT, Tier.DAILY);
        results.publish(real);
        await().atMost(TIMEOUT).until(() -> processed(real.eventId().toString()));
        BackupCompleted again = reAnnounced(real);
        BackupCompleted forged = new BackupCompleted(UUID.randomUUID(), again.occurredAt(), real.database(),
                real.schema(), real.requestId(), real.backupId(), real.tiers(), real.objects(), real.store(),
                real.sizeBytes(), "ee".repeat(32), real.compression(), real.format(), real.startedAt(),
                real.finishedAt(), real.serverVersion(), real.toolVersion(), real.tableRowCounts());

        results.publish(forged);
        results.publish(again);

        await().atMost(TIMEOUT).until(() -> processed(again.eventId().toString())
                && deadLetterOf(Topics.BACKUP_COMPLETED, forged.eventId().toString()).isPresent());
        assertThat(deadLetterOf(Topics.BACKUP_COMPLETED, forged.eventId().toString()).orElseThrow())
                .contains("already known with sha256 " + real.sha256());
        assertThat(processed(forged.eventId().toString())).isFalse();
        assertThat(json(catalog.get("/api/backups/" + real.backupId())).get("sha256").asString())
                .isEqualTo(real.sha256());
    }

    @Test
    void exposesThePerSchemaGaugesUnderTheirPrometheusNames() {
        BackupCompleted completed = aCompletionOf(schema("metrics"), Instant.parse("2002-06-03T02:00:00Z"), Tier.DAILY);

        results.publish(completed);

        await().atMost(TIMEOUT).until(() -> catalog.get("/api/backups/" + completed.backupId()).statusCode() == 200);
        assertThat(metric("backup_last_success_timestamp_seconds", "metrics"))
                .isEqualTo((double) completed.finishedAt().getEpochSecond());
        assertThat(metric("backup_last_size_bytes", "metrics")).isEqualTo(1234.0);
        assertThat(metric("backup_last_duration_seconds", "metrics")).isEqualTo(120.0);
        assertThat(outcomeCount("metrics", "completed")).isEqualTo(1.0);
    }

    @Test
    void reportsHealthOfTheDatabaseAndTheOutboxRelay() {
        HttpResponse<String> health = catalog.getAnonymously("/actuator/health");

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(json(health).has("components")).as(health.body()).isTrue();
        JsonNode components = json(health).get("components");
        assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("outbox").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("timer").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("jobConsumers").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void servesPrometheusButNoOtherActuatorEndpointItWasNotConfiguredFor() {
        HttpResponse<String> prometheus = catalog.getAnonymously("/actuator/prometheus");

        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        for (String path : ServiceSmoke.NOT_EXPOSED_BY_DEFAULT) {
            assertThat(catalog.getAnonymously(path).statusCode()).as(path).isEqualTo(404);
            assertThat(catalog.get(path).statusCode()).as(path + " with the API token").isEqualTo(404);
        }
    }

    @Test
    void servesItsOpenApiDescriptionWithoutTheToken() {
        HttpResponse<String> docs = catalog.getAnonymously("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(catalog.getAnonymously("/swagger-ui/index.html").statusCode()).isEqualTo(200);
        assertThat(json(docs).get("paths").propertyNames()).contains("/api/status", "/api/backups",
                "/api/backups/latest", "/api/retention/plan", "/api/retention/apply", "/api/backups/{backupId}/pin",
                "/api/restores", "/api/restores/all", "/api/restores/{restoreId}", "/api/requests/refused");
    }

    private static SchemaRef schema(String name) {
        return new SchemaRef(database, name);
    }

    private static boolean processed(String eventId) {
        return catalogDb.queryLong("select count(*) from catalog.processed_event where event_id = '" + eventId + "'")
                == 1;
    }

    private static List<BackupExpired> expiredOf(BackupCompleted completed) {
        return topics.events(BackupExpired.class, e -> e.backupId().equals(completed.backupId()));
    }

    private static JsonNode statusOf(String schema) {
        for (JsonNode each : json(catalog.get("/api/status"))) {
            if (each.get("database").asString().equals(database) && each.get("schema").asString().equals(schema)) {
                return each;
            }
        }
        throw new AssertionError("no status for " + schema);
    }

    private static JsonNode refusedOf(String schema) {
        for (JsonNode each : json(catalog.get("/api/requests/refused"))) {
            if (each.get("database").asString().equals(database) && each.get("schema").asString().equals(schema)) {
                return each;
            }
        }
        throw new AssertionError("no refusal of " + schema);
    }

    /** The label-less counter of refused requests (shared by every database this instance hears of). */
    private static double refusedTotal() {
        return catalog.get("/actuator/prometheus").body().lines()
                .filter(l -> l.startsWith("backup_requests_refused_total"))
                .mapToDouble(CatalogIT::valueOf).sum();
    }

    private static double outcomeCount(String schema, String outcome) {
        return metricLines("backup_outcomes_total", schema).stream().filter(l -> l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(CatalogIT::valueOf).sum();
    }

    /** The value of a per-schema gauge of this test's database, exactly under this Prometheus name. */
    private static double metric(String name, String schema) {
        List<String> lines = metricLines(name, schema);
        assertThat(lines).as(name + " of " + schema).hasSize(1);
        return valueOf(lines.get(0));
    }

    private static List<String> metricLines(String name, String schema) {
        return catalog.get("/actuator/prometheus").body().lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("database=\"" + database + "\"")
                        && l.contains("schema=\"" + schema + "\""))
                .toList();
    }

    private static double valueOf(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The objects of the schema's dry-run retention plan, each with its verdict. */
    private static JsonNode retentionPlanOf(String schema) {
        return json(catalog.get("/api/retention/plan?database=" + database + "&schema=" + schema)).get(0)
                .get("objects");
    }

    private static double untrustedTotal(String topic) {
        return catalog.get("/actuator/prometheus").body().lines()
                .filter(l -> l.startsWith("catalog_results_untrusted_total{") && l.contains("topic=\"" + topic + "\""))
                .mapToDouble(CatalogIT::valueOf).sum();
    }

    /** The dead-lettered record of {@code topic} whose value contains {@code marker}: its error header. */
    private static java.util.Optional<String> deadLetterOf(String topic, String marker) {
        return topics.records(Topics.deadLetterOf(topic)).stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker))
                .map(r -> r.headers().lastHeader("kafka_dlt-exception-message"))
                .map(h -> h == null ? "" : new String(h.value(), StandardCharsets.UTF_8))
                .findFirst();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
