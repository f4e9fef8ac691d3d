package com.aquastream.backup.catalog;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aRedisSnapshotOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.catalog.backups.BackupIds;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.schedule.Scheduler;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.testsupport.Closeables;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schedule through the real catalog database and broker, with two instances sharing one catalog: each slot is
 * requested once, whoever ticks; a missed slot is caught up at start; carry-over follows what the catalog recorded.
 * A Redis instance is snapshotted on its own hourly schedule and kept by its own counts.
 */
class SchedulingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static TestDatabase catalogDb;
    static EventCollector topics;
    static ResultEvents results;
    static CatalogInstance first;
    static CatalogInstance second;
    static String database;
    static String redisInstance;
    static Instant startedInHour;

    @BeforeAll
    static void startTwoInstances() {
        catalogDb = TestDatabases.create();
        database = catalogDb.name();
        redisInstance = "cache_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        topics = new EventCollector(Topics.BACKUP_REQUESTED, Topics.BACKUP_EXPIRED);
        results = new ResultEvents();
        Map<String, Object> production = Map.of(
                "catalog.schedule.cron", "0 0 2 * * *",
                "catalog.schedule.catch-up-on-start", "true",
                "catalog.schedule.targets." + database, "user,event",
                "catalog.schedule.redis.instances", redisInstance,
                "catalog.schedule.redis.cron", "0 0 * * * *",
                "catalog.retention.redis.hourly", "3",
                "catalog.retention.redis.daily", "2",
                "catalog.retention.redis.weekly", "0",
                // Slots in 2030 on the real clock, out of the real schedule's way: their results are trusted here
                // (CatalogIT tests the refusal of results from the future).
                "catalog.trust.max-clock-skew", "36500d");
        startedInHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        first = CatalogInstance.start(catalogDb, production);
        second = CatalogInstance.start(catalogDb, production);
    }

    @AfterAll
    static void stopInstances() {
        Closeables.closeAll(first, second, results, topics, catalogDb);
    }

    @Test
    void catchesUpTheMostRecentSlotAtStartOnceThoughTwoInstancesStarted() {
        Instant slot = latestTwoOClockBefore(Instant.now());

        await().atMost(TIMEOUT).until(() -> requestsFor(slot).size() == 2);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> requestsFor(slot).size() == 2);
        assertThat(requestsFor(slot)).extracting(BackupRequested::requestId).containsExactlyInAnyOrder(
                BackupIds.scheduledRequest(new SchemaRef(database, "user"), slot),
                BackupIds.scheduledRequest(new SchemaRef(database, "event"), slot));
    }

    @Test
    void publishesOneRequestPerSchemaWhenTwoInstancesTickTheSameSlotAtOnce() {
        Instant sunday = Instant.parse("2030-06-02T02:00:00Z");
        Instant now = sunday.plusSeconds(60);

        CompletableFuture<List<BackupRequested>> a = CompletableFuture.supplyAsync(
                () -> first.bean(Scheduler.class).tick(now));
        CompletableFuture<List<BackupRequested>> b = CompletableFuture.supplyAsync(
                () -> second.bean(Scheduler.class).tick(now));

        assertThat(a.join().size() + b.join().size()).isEqualTo(2);
        await().atMost(TIMEOUT).until(() -> requestsFor(sunday).size() == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> requestsFor(sunday).size() == 2);
        assertThat(requestsFor(sunday)).allSatisfy(r -> {
            assertThat(r.trigger()).isEqualTo(Trigger.SCHEDULE);
            assertThat(r.tiers()).contains(Tier.DAILY, Tier.WEEKLY);
            assertThat(r.requestId()).isEqualTo(BackupIds.scheduledRequest(new SchemaRef(database, r.schema()),
                    sunday));
        });
    }

    @Test
    void carriesWeeklyAndMonthlyOnlyForTheSchemaWithoutACompletedCopy() {
        Instant monday = Instant.parse("2031-03-03T02:00:00Z");
        Instant tuesday = monday.plus(Duration.ofDays(1));
        first.bean(Scheduler.class).tick(monday);
        await().atMost(TIMEOUT).until(() -> requestsFor(monday).size() == 2);
        BackupRequested userMonday = requestsFor(monday).stream().filter(r -> r.schema().equals("user")).findFirst()
                .orElseThrow();
        results.publish(aCompletionOf(new SchemaRef(database, "user"), monday,
                userMonday.tiers().toArray(Tier[]::new)));
        await().atMost(TIMEOUT).until(() -> catalogDb.queryLong("select count(*) from catalog.backup_object"
                + " where object_key like '%weekly_user_2031-10%' and status = 'ACTIVE'") == 1);

        second.bean(Scheduler.class).tick(tuesday.plusSeconds(5));

        await().atMost(TIMEOUT).until(() -> requestsFor(tuesday).size() == 2);
        assertThat(userMonday.tiers()).containsExactly(Tier.DAILY, Tier.WEEKLY, Tier.MONTHLY);
        assertThat(tiersOf(tuesday, "user")).containsExactly(Tier.DAILY);
        assertThat(tiersOf(tuesday, "event")).containsExactly(Tier.DAILY, Tier.WEEKLY, Tier.MONTHLY);
    }

    @Test
    void catchesUpTheCurrentHourlyRedisSlotOnceThoughTwoInstancesStarted() {
        await().atMost(TIMEOUT).until(() -> redisRequestsFor(startedInHour).size() == 1);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> redisRequestsFor(startedInHour).size() == 1);
    }

    @Test
    void requestsOneDailyTierRedisSnapshotPerHourWhoeverTicks() {
        Instant ten = Instant.parse("2030-06-05T10:00:00Z");
        Instant eleven = ten.plus(Duration.ofHours(1));
        Scheduler a = first.bean("redisScheduler", Scheduler.class);
        Scheduler b = second.bean("redisScheduler", Scheduler.class);

        a.tick(ten.plusSeconds(30));
        b.tick(ten.plusSeconds(40));
        b.tick(eleven.plusSeconds(5));
        a.tick(eleven.plusSeconds(10));

        await().atMost(TIMEOUT).until(() -> redisRequestsFor(ten).size() == 1 && redisRequestsFor(eleven).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> redisRequestsFor(ten).size() == 1 && redisRequestsFor(eleven).size() == 1);
        for (Instant slot : List.of(ten, eleven)) {
            BackupRequested request = redisRequestsFor(slot).get(0);
            assertThat(request.tiers()).containsExactly(Tier.DAILY);
            assertThat(request.trigger()).isEqualTo(Trigger.SCHEDULE);
            assertThat(request.messageKey()).isEqualTo("redis." + redisInstance);
            assertThat(request.requestId()).isEqualTo(BackupIds.scheduledRequest(new SchemaRef("redis",
                    redisInstance), slot));
        }
        assertThat(requestsFor(ten)).as("the PostgreSQL schedule is daily at 02:00, not hourly").isEmpty();
    }

    @Test
    void keepsTheConfiguredRedisCountsAndExpiresOnlyTheRest() {
        Instant nine = Instant.parse("2030-07-01T21:00:00Z");
        List<Instant> hours = List.of(nine, nine.plus(Duration.ofHours(1)), nine.plus(Duration.ofHours(2)),
                nine.plus(Duration.ofHours(3)), nine.plus(Duration.ofHours(4)), nine.plus(Duration.ofHours(5)));

        hours.forEach(h -> results.publish(aRedisSnapshotOf(redisInstance, h)));

        // hourly 3 keeps 00:00-02:00 of the 2nd, daily 2 the newest of the 1st (23:00): 21:00 and 22:00 expire.
        await().atMost(TIMEOUT).until(() -> redisExpired().size() == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> redisExpired().size() == 2);
        assertThat(redisExpired()).flatExtracting(BackupExpired::objects)
                .extracting(o -> o.key()).containsExactlyInAnyOrder(
                        "redis/" + redisInstance + "/dump_20300701T210000Z.rdb.gz",
                        "redis/" + redisInstance + "/dump_20300701T220000Z.rdb.gz");
        assertThat(catalogDb.queryLong("select count(*) from catalog.backup where database_name = 'redis'"
                + " and schema_name = '" + redisInstance + "' and status = 'COMPLETED'")).isEqualTo(4);
    }

    private static List<BackupRequested> redisRequestsFor(Instant slot) {
        return topics.events(BackupRequested.class,
                r -> r.database().equals("redis") && r.schema().equals(redisInstance) && slot.equals(r.scheduledFor()));
    }

    private static List<BackupExpired> redisExpired() {
        return topics.events(BackupExpired.class, e -> e.database().equals("redis") && e.schema().equals(redisInstance));
    }

    private static List<BackupRequested> requestsFor(Instant slot) {
        return topics.events(BackupRequested.class,
                r -> r.database().equals(database) && slot.equals(r.scheduledFor()));
    }

    private static List<Tier> tiersOf(Instant slot, String schema) {
        return requestsFor(slot).stream().filter(r -> r.schema().equals(schema)).findFirst().orElseThrow().tiers();
    }

    private static Instant latestTwoOClockBefore(Instant now) {
        Instant today = now.atZone(ZoneOffset.UTC).toLocalDate().atTime(2, 0).toInstant(ZoneOffset.UTC);
        return today.isAfter(now) ? today.minus(Duration.ofDays(1)) : today;
    }
}
