package com.aquastream.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.catalog.schedule.Scheduler;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.testsupport.Closeables;
import com.aquastream.backup.testsupport.SimulatedClock;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Four months of the manual's 02:00 UTC schedule, end to end: the real catalog-service ticks its real scheduler on a
 * simulated clock ({@code trigger: external}), the real backup-worker dumps real PostgreSQL schemas into a real
 * object store, the catalog records the results and applies retention, and the worker deletes what retention
 * expired. Some days fail (their schema is taken offline while the worker dumps), among them Sundays, a 1st and
 * three days in a row, so the weekly and monthly carry-over and the "count, never age" rule are exercised. At the
 * end each schema must hold exactly the manual's 7 dailies, 4 weeklies and 3 monthlies, computed independently by
 * {@link ManualsExpectedSet}, in the store and in the catalog alike.
 *
 * <p>Subclasses choose the worker's object store and how to list it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RetentionHistoryScenario {

    static final LocalDate FIRST_DAY = LocalDate.parse("2025-05-21");
    static final int DAYS = 120;
    static final List<String> SCHEMAS = List.of("user", "event");
    static final Map<String, Set<LocalDate>> FAILED_DAYS = Map.of(
            // a Sunday (the weekly keeps the Monday state), the 1st which is a Monday (weekly and monthly carried to
            // the 2nd), and a Sunday inside the last seven days (seven dailies still kept: count, not age)
            "user", dates("2025-08-31", "2025-09-01", "2025-09-14"),
            // a 1st (the monthly carried to the 2nd), Sunday-Monday-Tuesday in a row (the weekly carried to the
            // Wednesday), and the same late Sunday
            "event", dates("2025-08-01", "2025-09-07", "2025-09-08", "2025-09-09", "2025-09-14"));
    private static final Duration DAY_TIMEOUT = Duration.ofSeconds(60);

    private final JsonMapper json = JsonMapper.builder().build();
    TestDatabase source;
    TestDatabase catalogDb;
    WorkerInstance worker;
    CatalogInstance catalog;
    String database;

    /** The worker's store settings ({@code backup.platform.store.*}). */
    abstract Map<String, Object> storeProperties();

    /** Every key in the worker's store, whatever its prefix. */
    abstract Set<String> storedKeys();

    @BeforeAll
    void startTheServices() {
        source = TestDatabases.create();
        SixSchemas.populate(source, 20);
        database = source.name();
        catalogDb = TestDatabases.create();
        String schemas = String.join(",", SCHEMAS);
        Map<String, Object> workerProperties = new HashMap<>(storeProperties());
        workerProperties.put("backup.worker.databases." + database, schemas);
        worker = WorkerInstance.start(workerProperties);
        SimulatedClock.INSTANCE.set(slotOf(FIRST_DAY).minus(Duration.ofHours(1)));
        catalog = CatalogInstance.start(catalogDb, Map.of(
                "catalog.schedule.cron", "0 0 2 * * *",
                "catalog.schedule.trigger", "external",
                "catalog.schedule.targets." + database, schemas,
                // The catalog lives in the simulated 2025, the real worker stamps its results with the real clock,
                // which is years "ahead": trust them here (the refusal is tested in catalog-service's CatalogIT).
                "catalog.trust.max-clock-skew", "36500d"), SimulatedClock.Source.class);
    }

    @AfterAll
    void stopTheServices() {
        Closeables.closeAll(catalog, worker, catalogDb, source);
    }

    @Test
    void leavesExactlyTheManualsSevenDailiesFourWeekliesAndThreeMonthliesPerSchemaAfterFourMonths() {
        long started = System.nanoTime();

        for (LocalDate day : days()) {
            liveThrough(day);
        }

        System.out.printf("%s: %d simulated days in %d s%n", getClass().getSimpleName(), DAYS,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        Set<String> everyKept = new TreeSet<>();
        for (String schema : SCHEMAS) {
            Set<String> expected = ManualsExpectedSet.of(database, schema, days(), FAILED_DAYS.get(schema));
            assertThat(expected).filteredOn(k -> k.contains("/" + schema + "_")).hasSize(7);
            assertThat(expected).filteredOn(k -> k.contains("/weekly_" + schema + "_")).hasSize(4);
            assertThat(expected).filteredOn(k -> k.contains("/monthly_" + schema + "_")).hasSize(3);
            assertThat(activeObjectsInTheCatalog(schema)).as("the catalog's live objects of %s", schema)
                    .isEqualTo(expected);
            everyKept.addAll(expected);
        }
        assertThat(ManualsExpectedSet.of(database, "user", days(), FAILED_DAYS.get("user")))
                .as("the model agrees with the manual's names written out")
                .isEqualTo(keys("user_20250910", "user_20250911", "user_20250912", "user_20250913", "user_20250915",
                        "user_20250916", "user_20250917", "weekly_user_2025-35", "weekly_user_2025-36",
                        "weekly_user_2025-37", "weekly_user_2025-38", "monthly_user_2025-07", "monthly_user_2025-08",
                        "monthly_user_2025-09"));
        assertThat(new TreeSet<>(storedKeys())).as("everything in the store")
                .isEqualTo(withSidecarsAndManifests(everyKept));
    }

    /**
     * One day: 02:00 UTC, the scheduler's tick, the worker's dumps (a failing day's schemas are offline meanwhile),
     * the catalog's record of each result with retention applied, and the worker's deletion of what it expired.
     */
    private void liveThrough(LocalDate day) {
        Instant slot = slotOf(day);
        SimulatedClock.INSTANCE.set(slot);
        List<String> failing = SCHEMAS.stream().filter(s -> FAILED_DAYS.get(s).contains(day)).toList();
        failing.forEach(this::takeOffline);

        List<BackupRequested> issued = catalog.bean(Scheduler.class).tick(slot);
        SimulatedClock.INSTANCE.set(slot.plus(Duration.ofMinutes(1)));

        assertThat(issued).as("requests for %s", day).extracting(BackupRequested::schema)
                .containsExactlyInAnyOrderElementsOf(SCHEMAS);
        for (BackupRequested request : issued) {
            String expected = failing.contains(request.schema()) ? "FAILED" : "COMPLETED";
            await().atMost(DAY_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> !recordedStatus(request).isEmpty());
            assertThat(recordedStatus(request)).as("%s.%s on %s", database, request.schema(), day)
                    .isEqualTo(expected);
        }
        failing.forEach(this::bringBack);
        await().atMost(DAY_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(stillStored(expiredInTheCatalog()))
                        .as("objects the catalog expired by %s, still in the store", day).isEmpty());
    }

    private Set<String> stillStored(Set<String> keys) {
        Set<String> stored = new TreeSet<>(storedKeys());
        stored.retainAll(keys);
        return stored;
    }

    private void takeOffline(String schema) {
        source.execute("alter schema \"" + schema + "\" rename to \"" + schema + "_offline\"");
    }

    private void bringBack(String schema) {
        source.execute("alter schema \"" + schema + "_offline\" rename to \"" + schema + "\"");
    }

    private String recordedStatus(BackupRequested request) {
        return catalogDb.queryString("select coalesce(max(status), '') from catalog.backup where request_id = '"
                + request.requestId() + "'");
    }

    /** Keys the catalog marked expired, with their sidecars and manifests: all must be gone from the store. */
    private Set<String> expiredInTheCatalog() {
        return withSidecarsAndManifests(catalogKeys("select object_key from catalog.backup_object"
                + " where status = 'EXPIRED'"));
    }

    private Set<String> catalogKeys(String sql) {
        Set<String> keys = new TreeSet<>();
        try (Connection connection = catalogDb.connect(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    /** The catalog's public view: ACTIVE objects of COMPLETED backups, and no ACTIVE object anywhere else. */
    private Set<String> activeObjectsInTheCatalog(String schema) {
        JsonNode backups = json.readTree(catalog.get("/api/backups?database=" + database + "&schema=" + schema
                + "&limit=1000"));
        Set<String> active = new TreeSet<>();
        for (JsonNode backup : backups) {
            for (JsonNode object : backup.get("objects")) {
                if (object.get("status").asString().equals("ACTIVE")) {
                    assertThat(backup.get("status").asString()).as("status of the backup holding %s", object)
                            .isEqualTo("COMPLETED");
                    active.add(object.get("key").asString());
                }
            }
        }
        return active;
    }

    static Set<String> withSidecarsAndManifests(Set<String> objects) {
        return objects.stream().flatMap(k -> Stream.of(k, k + ".sha256", k + ".manifest.json"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> keys(String... stems) {
        return Stream.of(stems).map(s -> "postgres/" + database + "/" + s + ".dump.gz")
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i < DAYS; i++) {
            days.add(FIRST_DAY.plusDays(i));
        }
        return days;
    }

    private static Instant slotOf(LocalDate day) {
        return day.atTime(2, 0).toInstant(ZoneOffset.UTC);
    }

    private static Set<LocalDate> dates(String... isoDates) {
        return Stream.of(isoDates).map(LocalDate::parse).collect(Collectors.toUnmodifiableSet());
    }
}
