package com.aquastream.backup.catalog.clusters;

import static com.aquastream.backup.catalog.clusters.ClusterFixtures.aBaseBackupFailureOf;
import static com.aquastream.backup.catalog.clusters.ClusterFixtures.aBaseBackupOf;
import static com.aquastream.backup.catalog.clusters.ClusterFixtures.aPartialOf;
import static com.aquastream.backup.catalog.clusters.ClusterFixtures.aSegmentOf;
import static com.aquastream.backup.catalog.clusters.ClusterFixtures.aWalStatusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.catalog.CatalogInstance;
import com.aquastream.backup.core.kafka.EventSerializer;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.WalArchived;
import com.aquastream.backup.events.WalStatus;
import com.aquastream.backup.testsupport.Closeables;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wal-archiver's results through the real broker (published as the {@code wal-archiver} principal, as the ACLs
 * allow) into the real catalog database, and each cluster's point-in-time window through the HTTP API.
 */
class ClustersIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static TestDatabase catalogDb;
    static CatalogInstance catalog;
    static KafkaProducer<String, byte[]> walArchiver;
    static String cluster;

    @BeforeAll
    static void startCatalog() {
        catalogDb = TestDatabases.create();
        cluster = catalogDb.name() + "_main";
        walArchiver = TestKafka.producer("wal-archiver");
        catalog = CatalogInstance.start(catalogDb, Map.of());
    }

    @AfterAll
    static void stopCatalog() {
        Closeables.closeAll(catalog, walArchiver, catalogDb);
    }

    @Test
    void recordsBaseBackupsAndArchivedWalOnceAndAnswersTheClustersWindow() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant yesterday = now.minus(Duration.ofDays(1));
        BaseBackupCompleted oldest = aBaseBackupOf(cluster, yesterday, "0/2000028", "0/2000138");
        BaseBackupCompleted newest = aBaseBackupOf(cluster, now.minus(Duration.ofHours(2)), "0/5000028",
                "0/5000138");
        BaseBackupFailed failure = aBaseBackupFailureOf(cluster, now.minus(Duration.ofHours(1)));
        WalArchived fifth = aSegmentOf(cluster, 5, now.minus(Duration.ofMinutes(30)));
        WalArchived partial = aPartialOf(cluster, 7, "0/7000200", now.minus(Duration.ofMinutes(1)));

        publish(oldest, newest, newest, failure, failure, fifth, aSegmentOf(cluster, 6,
                now.minus(Duration.ofMinutes(20))), fifth, partial, partial);

        await().atMost(TIMEOUT).until(() -> window().map(w -> w.get("lastWalArchivedAt").isString()
                && Instant.parse(w.get("lastWalArchivedAt").asString()).equals(partial.occurredAt())
                && w.get("baseBackups").asLong() == 2 && w.get("lastFailure").isObject()).orElse(false));
        JsonNode window = window().orElseThrow();
        assertThat(window.get("newestBaseBackup").get("backupId").asString())
                .isEqualTo(newest.backupId().toString());
        assertThat(Instant.parse(window.get("earliestRecoverableAt").asString())).isEqualTo(oldest.finishedAt());
        assertThat(Instant.parse(window.get("latestRecoverableAt").asString())).isEqualTo(partial.occurredAt());
        assertThat(window.get("segments").asLong()).as("a redelivered segment counts once").isEqualTo(2);
        assertThat(window.get("archivedEndLsn").asString()).isEqualTo("0/7000200");
        assertThat(window.get("timelines")).singleElement().satisfies(t -> {
            assertThat(t.get("firstSegment").asString()).isEqualTo("000000010000000000000005");
            assertThat(t.get("lastSegment").asString()).isEqualTo("000000010000000000000006");
            assertThat(t.get("partialSegment").asString()).isEqualTo("000000010000000000000007");
        });

        JsonNode backups = json(catalog.get("/api/clusters/" + cluster + "/basebackups"));
        assertThat(backups).as("one row per base backup and per failure, redeliveries included").hasSize(3);
        assertThat(backups.get(0).get("status").asString()).isEqualTo("FAILED");
        assertThat(backups.get(1).get("backupId").asString()).isEqualTo(newest.backupId().toString());
        assertThat(backups.get(1).get("endLsn").asString()).isEqualTo("0/5000138");
        assertThat(backups.get(1).get("manifestVerified").asBoolean()).isTrue();
        assertThat(catalogDb.queryLong("select count(*) from catalog.wal_timeline where cluster_name = '" + cluster
                + "'")).isEqualTo(1);
        assertThat(catalogDb.queryLong("select count(*) from catalog.base_backup where cluster_name = '" + cluster
                + "'")).isEqualTo(3);
    }

    /**
     * The wal-archiver's retention deleted the older of two base backups: its next {@code wal.status} says the store
     * holds base backups from the newer one's finish on, and the catalog expires the older one; an older status heard
     * after it undoes nothing, and one whose {@code recoverableFrom} lies after itself is dead-lettered (the catalog's
     * Write on {@code wal.status.DLT}). Topics are not ordered among each other, so the statuses are published once
     * both base backups are recorded, and the dead-lettered one, published last with the same key, tells that the
     * statuses before it were handled.
     */
    @Test
    void expiresTheBaseBackupsRetentionDeletedAndMovesTheEarliestRecoverableMoment() {
        String retained = cluster + "_retained";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        BaseBackupCompleted older = aBaseBackupOf(retained, now.minus(Duration.ofDays(8)), "0/2000028", "0/2000138");
        BaseBackupCompleted newer = aBaseBackupOf(retained, now.minus(Duration.ofDays(1)), "0/5000028",
                "0/5000138");
        WalStatus afterRetention = aWalStatusOf(retained, now.minus(Duration.ofSeconds(5)), newer.finishedAt());
        WalStatus beforeRetention = aWalStatusOf(retained, now.minus(Duration.ofMinutes(10)), older.finishedAt());
        WalStatus impossible = aWalStatusOf(retained, now.minus(Duration.ofDays(2)), newer.finishedAt());
        try (EventCollector deadLetters = new EventCollector(Topics.deadLetterOf(Topics.WAL_STATUS))) {
            publish(older, newer);
            await().atMost(TIMEOUT).until(() -> window(retained).map(w -> w.get("baseBackups").asLong() == 2)
                    .orElse(false));

            publish(afterRetention, afterRetention, beforeRetention, impossible);

            await().atMost(TIMEOUT).until(() -> deadLetters.records(Topics.deadLetterOf(Topics.WAL_STATUS)).stream()
                    .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8)
                            .contains(impossible.eventId().toString())));
        }
        JsonNode window = window(retained).orElseThrow();
        assertThat(Instant.parse(window.get("earliestRecoverableAt").asString())).isEqualTo(newer.finishedAt());
        assertThat(window.get("baseBackups").asLong()).isEqualTo(1);
        assertThat(window.get("newestBaseBackup").get("backupId").asString()).isEqualTo(newer.backupId().toString());
        JsonNode backups = json(catalog.get("/api/clusters/" + retained + "/basebackups"));
        assertThat(backups).hasSize(2);
        assertThat(backups.get(0).get("backupId").asString()).isEqualTo(newer.backupId().toString());
        assertThat(backups.get(0).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(backups.get(1).get("backupId").asString()).isEqualTo(older.backupId().toString());
        assertThat(backups.get(1).get("status").asString()).isEqualTo("EXPIRED");
        assertThat(catalogDb.queryLong("select count(*) from catalog.base_backup where cluster_name = '" + retained
                + "' and status = 'EXPIRED'")).isEqualTo(1);
    }

    @Test
    void answersOnlyWithTheTokenAndNamesAnUnknownCluster() {
        HttpResponse<String> anonymous = catalog.getAnonymously("/api/clusters");
        HttpResponse<String> unknown = catalog.get("/api/clusters/nosuchcluster/basebackups");
        HttpResponse<String> badName = catalog.get("/api/clusters/no%20such/basebackups");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("detail").asString()).contains("nosuchcluster");
        assertThat(badName.statusCode()).isEqualTo(400);
    }

    private static Optional<JsonNode> window() {
        return window(cluster);
    }

    private static Optional<JsonNode> window(String name) {
        for (JsonNode each : json(catalog.get("/api/clusters"))) {
            if (each.get("cluster").asString().equals(name)) {
                return Optional.of(each);
            }
        }
        return Optional.empty();
    }

    /** As the wal-archiver publishes: contract JSON, CloudEvents headers, key {cluster}.pg_cluster. */
    private static void publish(Event... events) {
        EventSerializer serializer = new EventSerializer("wal-archiver");
        for (Event event : events) {
            RecordHeaders headers = new RecordHeaders();
            byte[] value = serializer.serialize(event.topic(), headers, event);
            try {
                walArchiver.send(new ProducerRecord<>(event.topic(), null, event.messageKey(), value, headers)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
