package com.aquastream.backup.core.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupNamingOwnershipTest {

    @ParameterizedTest
    @CsvSource({
        "postgres/app/user_20250818.dump.gz, app, user, true",
        "postgres/app/weekly_user_2025-33.dump.gz, app, user, true",
        "postgres/app/monthly_user_2025-09.dump.zst, app, user, true",
        "postgres/app/manual_user_20250818T101500Z.dump.gz, app, user, true",
        "redis/cache/dump_20250818T020000Z.rdb.gz, redis, cache, true",
        "postgres/app/event_20250818.dump.gz, app, user, false",
        "postgres/app/users_20250818.dump.gz, app, user, false",
        "postgres/other/user_20250818.dump.gz, app, user, false",
        "postgres/app/sub/user_20250818.dump.gz, app, user, false",
        "postgres/app/../other/user_20250818.dump.gz, app, user, false",
        "/postgres/app/user_20250818.dump.gz, app, user, false",
        "postgres/app/user_20250818.dump.gz, app, user;drop, false",
        "postgres/app/user_data_20250818.dump.gz, app, user, false",
        "postgres/app/user_20250818.dump.gz.sha256, app, user, false"})
    void tellsWhetherAKeyIsAnObjectOfTheSchema(String key, String database, String schema, boolean expected) {
        assertThat(BackupNaming.isObjectOf(key, database, schema)).isEqualTo(expected);
    }
}
