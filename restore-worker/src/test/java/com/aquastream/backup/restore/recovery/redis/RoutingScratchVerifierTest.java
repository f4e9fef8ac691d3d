package com.aquastream.backup.restore.recovery.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.restore.recovery.ScratchVerifier;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoutingScratchVerifierTest {

    private final ScratchVerifier redis = (schema, archive) -> List.of(new TableCheck("db0", 1, 1));
    private final ScratchVerifier postgres = (schema, archive) -> List.of(new TableCheck("users", 1, 1));
    private final RoutingScratchVerifier routing = new RoutingScratchVerifier(redis, postgres);

    @Test
    void sendsRedisSnapshotsToTheRedisDrill() throws Exception {
        assertThat(routing.verify("cache", anArchive("redis/cache/dump_20250818T020000Z.rdb.gz")))
                .extracting(TableCheck::table).containsExactly("db0");
    }

    @Test
    void sendsEverythingElseToThePostgresDrill() throws Exception {
        assertThat(routing.verify("user", anArchive("postgres/aquastream/user_20250818.dump.gz")))
                .extracting(TableCheck::table).containsExactly("users");
        assertThat(routing.verify("redis", anArchive("postgres/aquastream/redis_20250818.dump.gz")))
                .extracting(TableCheck::table).containsExactly("users");
    }

    @Test
    void comparesEveryDatabaseOnEitherSideInNumericOrder() {
        List<TableCheck> checks = RedisScratchVerifier.compare(Map.of("db0", 5L, "db10", 2L, "db2", 1L),
                Map.of("db0", 5L, "db2", 0L, "db3", 4L));

        assertThat(checks).containsExactly(new TableCheck("db0", 5, 5), new TableCheck("db2", 1, 0),
                new TableCheck("db3", 0, 4), new TableCheck("db10", 2, 0));
    }

    @Test
    void givesTheScratchServerEnoughDatabasesForTheHighestRecordedOne() {
        assertThat(RedisScratchVerifier.databasesFor(Map.of())).isEqualTo(16);
        assertThat(RedisScratchVerifier.databasesFor(Map.of("db0", 1L, "db9", 1L))).isEqualTo(16);
        assertThat(RedisScratchVerifier.databasesFor(Map.of("db0", 1L, "db40", 1L))).isEqualTo(41);
    }

    private static VerifiedArchive anArchive(String key) {
        return new VerifiedArchive(Path.of("unused"), key, UUID.randomUUID(), "0".repeat(64), "gzip", Map.of());
    }
}
