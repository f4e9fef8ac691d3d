package com.aquastream.backup.worker.backup;

import static com.aquastream.backup.worker.backup.BackupFixtures.aRequest;
import static com.aquastream.backup.worker.backup.BackupFixtures.noContention;
import static com.aquastream.backup.worker.backup.BackupFixtures.threeQuickAttempts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisTargetsTest {

    private static final Instant SLOT = Instant.parse("2025-08-17T03:00:00Z");

    private final BackupFixtures.RecordingEvents events = new BackupFixtures.RecordingEvents();

    @Test
    void namesEveryTierOfARedisSnapshotWithTheOneRdbKey() {
        BackupPlan plan = BackupPlan.of(aRequest("redis", "cache", List.of(Tier.DAILY, Tier.WEEKLY), Trigger.SCHEDULE,
                SLOT), Compression.GZIP);

        assertThat(plan.keys()).containsExactly("redis/cache/dump_20250817T030000Z.rdb.gz");
        assertThat(plan.tiers()).containsExactly(Tier.DAILY, Tier.WEEKLY);
    }

    @Test
    void routesRedisPlansToTheSnapshotArchiverAndOthersToPgDump() {
        BackupFixtures.ScriptedArchiver postgres = new BackupFixtures.ScriptedArchiver(BackupFixtures.anArchive());
        BackupFixtures.ScriptedArchiver redis = new BackupFixtures.ScriptedArchiver(BackupFixtures.anArchive());
        SchemaArchiver router = TargetRouting.archiver(postgres, redis);

        router.archive(planOf("redis", "cache"), new AbortSignal());
        router.archive(planOf("aquastream", "user"), new AbortSignal());

        assertThat(redis.calls).extracting(BackupPlan::schema).containsExactly("cache");
        assertThat(postgres.calls).extracting(BackupPlan::schema).containsExactly("user");
    }

    @Test
    void refusesARedisInstanceThatIsNotConfigured() {
        BackupService service = new BackupService(new BackupTargets(Map.of("redis", Set.of("cache")), Set.of(),
                Set.of()), new BackupFixtures.ScriptedArchiver(), noContention(), new BackupFixtures.InMemoryManifests(),
                events, threeQuickAttempts(), Compression.GZIP, "filesystem", Clock.fixed(SLOT, ZoneOffset.UTC));

        assertThatThrownBy(() -> service.accept(aRequest("redis", "sessions", List.of(Tier.MANUAL), Trigger.MANUAL,
                SLOT))).isInstanceOf(RejectedRequestException.class);
        assertThat(events.failed()).singleElement().satisfies(f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).contains("sessions");
        });
    }

    @Test
    void announcesTheFormatTheArchiverReports() throws Exception {
        ArchiveOutcome.Archived rdb = new ArchiveOutcome.Archived(10, "cd".repeat(32), SLOT, SLOT, "7.0.15",
                "redis-rdb-sync/1", Map.of("db0", 3L), "redis-rdb");
        BackupService service = new BackupService(new BackupTargets(Map.of("redis", Set.of("cache")), Set.of(),
                Set.of()), new BackupFixtures.ScriptedArchiver(rdb), noContention(),
                new BackupFixtures.InMemoryManifests(), events, threeQuickAttempts(), Compression.GZIP, "filesystem",
                Clock.fixed(SLOT, ZoneOffset.UTC));

        service.accept(aRequest("redis", "cache", List.of(Tier.MANUAL), Trigger.MANUAL, SLOT)).run();

        assertThat(events.completed()).singleElement().satisfies(c -> {
            assertThat(c.format()).isEqualTo("redis-rdb");
            assertThat(c.tableRowCounts()).containsEntry("db0", 3L);
        });
    }

    @Test
    void inProcessLocksLetOneHolderAtATime() throws Exception {
        InProcessSchemaLocks locks = new InProcessSchemaLocks(Duration.ofMillis(10));
        AbortSignal abort = new AbortSignal();

        SchemaLocks.Held first = locks.lock("redis", "cache", abort);
        abort.abort();

        assertThatThrownBy(() -> locks.lock("redis", "cache", abort)).isInstanceOf(SchemaLocks.SchemaLockException.class);
        first.close();
        locks.lock("redis", "cache", new AbortSignal()).close();
    }

    private static BackupPlan planOf(String database, String schema) {
        return BackupPlan.of(aRequest(database, schema, List.of(Tier.MANUAL), Trigger.MANUAL, SLOT), Compression.GZIP);
    }
}
