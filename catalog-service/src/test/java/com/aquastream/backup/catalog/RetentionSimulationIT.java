package com.aquastream.backup.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.catalog.backups.BackupIds;
import com.aquastream.backup.catalog.schedule.Scheduler;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.Closeables;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SimulatedClock;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 120 days of one schema with a controllable clock: the real scheduler (ticked by the test, {@code trigger: external})
 * and the real catalog, with this test standing in for the backup-worker (it answers each request over Kafka the way
 * the worker does). Some days fail, among them a Sunday and a 1st. The catalog must end with exactly the manual's set
 * and must have announced every other object as expired. (The end-to-end module runs the same with the real worker.)
 */
class RetentionSimulationIT {

    private static final Instant FIRST_SLOT = Instant.parse("2025-05-01T02:00:00Z");
    private static final int DAYS = 120;
    private static final Set<Instant> FAILING = Set.of(
            Instant.parse("2025-06-15T02:00:00Z"),  // a Sunday
            Instant.parse("2025-07-01T02:00:00Z"),  // a 1st
            Instant.parse("2025-07-20T02:00:00Z"),  // Sunday, Monday and Tuesday in a row
            Instant.parse("2025-07-21T02:00:00Z"),
            Instant.parse("2025-07-22T02:00:00Z"));

    static TestDatabase catalogDb;
    static EventCollector topics;
    static ResultEvents worker;
    static CatalogInstance catalog;
    static String database;

    @BeforeAll
    static void startCatalog() {
        catalogDb = TestDatabases.create();
        database = catalogDb.name();
        topics = new EventCollector(Topics.BACKUP_EXPIRED);
        worker = new ResultEvents();
        SimulatedClock.INSTANCE.set(FIRST_SLOT);
        catalog = CatalogInstance.start(catalogDb, Map.of(
                "catalog.schedule.cron", "0 0 2 * * *",
                "catalog.schedule.trigger", "external",
                "catalog.schedule.targets." + database, "user"), SimulatedClock.Source.class);
    }

    @AfterAll
    static void stopCatalog() {
        Closeables.closeAll(catalog, worker, topics, catalogDb);
    }

    @Test
    void endsFourMonthsOfDailyBackupsWithTheManualsSevenFourAndThreeAndExpiresEverythingElse() {
        Set<String> written = new HashSet<>();

        for (int day = 0; day < DAYS; day++) {
            Instant slot = FIRST_SLOT.plus(Duration.ofDays(day));
            SimulatedClock.INSTANCE.set(slot.plusSeconds(1));
            BackupRequested request = catalog.bean(Scheduler.class).tick(slot.plusSeconds(1)).get(0);
            SimulatedClock.INSTANCE.set(slot.plus(Duration.ofMinutes(5)));
            written.addAll(answerLikeTheWorker(request));
        }

        Set<String> expected = names("user_20250822", "user_20250823", "user_20250824", "user_20250825",
                "user_20250826", "user_20250827", "user_20250828", "weekly_user_2025-35", "weekly_user_2025-34",
                "weekly_user_2025-33", "weekly_user_2025-32", "monthly_user_2025-08", "monthly_user_2025-07",
                "monthly_user_2025-06");
        assertThat(activeKeys()).isEqualTo(expected);
        Set<String> toDelete = new HashSet<>(written);
        toDelete.removeAll(expected);
        await().atMost(Duration.ofSeconds(30)).until(() -> expiredKeys().containsAll(toDelete));
        assertThat(expiredKeys()).isEqualTo(toDelete);
    }

    /** Publishes what the worker would for this request: completed with one object per tier, or failed. */
    private static Set<String> answerLikeTheWorker(BackupRequested request) {
        Instant slot = request.scheduledFor();
        UUID backupId = BackupIds.backupOf(request.requestId());
        if (FAILING.contains(slot)) {
            worker.publish(new BackupFailed(UUID.randomUUID(), slot.plusSeconds(60), database, "user",
                    request.requestId(), 3, true, "simulated: database unreachable"));
            awaitRecorded(backupId);
            return Set.of();
        }
        List<StoredObject> objects = request.tiers().stream()
                .map(t -> new StoredObject(t, BackupNaming.objectKey(database, "user", t, slot, Compression.GZIP)))
                .toList();
        worker.publish(new BackupCompleted(UUID.randomUUID(), slot.plusSeconds(60), database, "user",
                request.requestId(), backupId, request.tiers(), objects, "filesystem", 1000, "ab".repeat(32), "gzip",
                "pg_dump-custom", slot, slot.plusSeconds(50), "15.20", "pg_dump (PostgreSQL) 15.20",
                Map.of("accounts", 10L)));
        awaitRecorded(backupId);
        return objects.stream().map(StoredObject::key).collect(Collectors.toSet());
    }

    private static void awaitRecorded(UUID backupId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> catalogDb.queryLong(
                "select count(*) from catalog.backup where backup_id = '" + backupId + "'") == 1);
    }

    private static Set<String> names(String... stems) {
        return List.of(stems).stream().map(s -> "postgres/" + database + "/" + s + ".dump.gz")
                .collect(Collectors.toSet());
    }

    /** This test's keys only: the catalog records every completion on the shared broker, other runs' too. */
    private static Set<String> activeKeys() {
        Set<String> keys = new HashSet<>();
        try (var connection = catalogDb.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select object_key from catalog.backup_object"
                     + " where status = 'ACTIVE' and object_key like 'postgres/" + database + "/%'")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    private static Set<String> expiredKeys() {
        return topics.events(BackupExpired.class, e -> e.database().equals(database)).stream()
                .flatMap(e -> e.objects().stream()).map(StoredObject::key).collect(Collectors.toSet());
    }
}
