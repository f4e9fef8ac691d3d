package com.aquastream.backup.catalog.restores;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aCompletionOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aRedisSnapshotOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aRefusalOf;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.aSchema;
import static com.aquastream.backup.catalog.backups.CatalogFixtures.theManualsTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.catalog.backups.CatalogFixtures;
import com.aquastream.backup.catalog.backups.InMemoryCatalog;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.Targets;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RestoreRequestsTest {

    private static final Instant HOUR = Instant.parse("2025-06-10T10:00:00Z");
    private static final Instant DAY = Instant.parse("2025-06-01T02:00:00Z");
    private static final RestoreSigner UNSIGNED = new RestoreSigner() {
        @Override
        public RestoreRequested signed(RestoreRequested command) {
            return command.withSignature("test");
        }

        @Override
        public boolean enabled() {
            return true;
        }
    };

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final RestoreRequests requests = new RestoreRequests(new Targets(List.of(new SchemaRef("redis", "cache"))),
            catalog, new InMemoryRestoreLog(), catalog, catalog, UNSIGNED);

    @Test
    void verifiesARedisSnapshotButLeavesItsRestoreToTheInstancesHost() {
        BackupCompleted snapshot = aRedisSnapshotOf("cache", HOUR);
        record(snapshot);

        Restore verify = requests.restore(snapshot.backupId(),
                new RestoreRequests.Options(null, RestoreMode.VERIFY, false, false), HOUR);

        assertThat(verify.key()).isEqualTo("redis/cache/dump_20250610T100000Z.rdb.gz");
        assertThatThrownBy(() -> requests.restore(snapshot.backupId(),
                new RestoreRequests.Options(null, RestoreMode.RESTORE, true, false), HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bin/restore-redis");
        assertThatThrownBy(() -> requests.restoreAll("redis", null,
                new RestoreRequests.Options(null, null, true, false), HOUR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catalog.published(RestoreRequested.class)).hasSize(1);
    }

    @Test
    void restoresEveryConfiguredSchemaAndOnlyListsAnUnconfiguredOneWithBackupsOrARefusedOne() {
        RestoreRequests ofTheSix = new RestoreRequests(theManualsTargets(), catalog, new InMemoryRestoreLog(), catalog,
                catalog, UNSIGNED);
        for (String schema : List.of("user", "event", "crew", "payment", "notification", "media")) {
            record(aCompletionOf(aSchema(schema), DAY, Tier.DAILY));
        }
        record(aCompletionOf(aSchema("legacy"), DAY.plus(Duration.ofDays(1)), Tier.DAILY));
        results().failed(aRefusalOf(aSchema("pg_catalog"), UUID.randomUUID(), DAY.plusSeconds(60)));

        RestoreRequests.Batch batch = ofTheSix.restoreAll(CatalogFixtures.DATABASE, null,
                new RestoreRequests.Options(null, null, true, false), HOUR);

        assertThat(batch.restores()).extracting(Restore::schema)
                .containsExactlyInAnyOrder("user", "event", "crew", "payment", "notification", "media");
        assertThat(batch.skipped()).isEmpty();
        assertThat(batch.unconfigured()).extracting(RestoreRequests.Unconfigured::schema).containsExactly("legacy");
        assertThat(batch.unconfigured().get(0).key()).isEqualTo("postgres/aquastream/legacy_20250602.dump.gz");
        assertThat(catalog.published(RestoreRequested.class)).extracting(RestoreRequested::schema)
                .doesNotContain("legacy", "pg_catalog");
    }

    @Test
    void refusesARestoreAllOfADatabaseWithoutConfiguredSchemasNamingItsBackups() {
        RestoreRequests ofTheSix = new RestoreRequests(theManualsTargets(), catalog, new InMemoryRestoreLog(), catalog,
                catalog, UNSIGNED);
        BackupCompleted retired = record(aCompletionOf(new SchemaRef("retired", "user"), DAY, Tier.DAILY));

        assertThatThrownBy(() -> ofTheSix.restoreAll("retired", null,
                new RestoreRequests.Options(null, null, true, false), HOUR))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("no schema of database retired is configured")
                .hasMessageContaining(retired.backupId().toString());
        assertThat(catalog.published(RestoreRequested.class)).isEmpty();
    }

    @Test
    void refusesEverythingWithoutASigningKey() {
        RestoreRequests unsigned = new RestoreRequests(new Targets(List.of()), catalog, new InMemoryRestoreLog(),
                catalog, catalog, RestoreSigner.DISABLED);

        assertThatThrownBy(() -> unsigned.restore(UUID.randomUUID(),
                new RestoreRequests.Options(null, null, true, false), HOUR))
                .isInstanceOf(RestoresDisabledException.class).hasMessageContaining("RESTORE_SIGNING_KEY");
    }

    @Test
    void issuesASignedPointInTimeRecoveryNamingNoBackup() {
        Instant asOf = HOUR.minus(Duration.ofMinutes(5));

        Restore pitr = requests.pointInTime(new SchemaRef("aquastream", "user"), asOf,
                new RestoreRequests.Options(null, RestoreMode.PITR, true, false), HOUR);

        assertThat(catalog.published(RestoreRequested.class)).singleElement().satisfies(c -> {
            assertThat(c.mode()).isEqualTo(RestoreMode.PITR);
            assertThat(c.asOf()).isEqualTo(asOf);
            assertThat(c.backupId()).isNull();
            assertThat(c.key()).isNull();
            assertThat(c.sha256()).isNull();
            assertThat(c.signature()).isEqualTo("test");
            assertThat(c.restoreId()).isEqualTo(pitr.restoreId());
            assertThat(c.requestedBy()).isEqualTo("catalog-api");
        });
        assertThat(pitr.mode()).isEqualTo(RestoreMode.PITR);
        assertThat(pitr.asOf()).isEqualTo(asOf);
        assertThat(pitr.status()).isEqualTo(RestoreStatus.REQUESTED);
    }

    @Test
    void recoversAWholeClusterUnderItsOwnName() {
        Restore cluster = requests.pointInTime(new SchemaRef("main", "pg_cluster"), HOUR,
                new RestoreRequests.Options(null, RestoreMode.PITR, true, false), HOUR);

        assertThat(cluster.database()).isEqualTo("main");
        assertThat(catalog.published(RestoreRequested.class)).singleElement()
                .satisfies(c -> assertThat(c.messageKey()).isEqualTo("main.pg_cluster"));
    }

    @Test
    void refusesAPointInTimeRecoveryWithoutAMomentOrOfABackup() {
        RestoreRequests.Options pitr = new RestoreRequests.Options(null, RestoreMode.PITR, true, false);
        BackupCompleted backup = record(aCompletionOf(aSchema("user"), DAY, Tier.DAILY));

        assertThatThrownBy(() -> requests.pointInTime(new SchemaRef("aquastream", "user"), null, pitr, HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asOf");
        assertThatThrownBy(() -> requests.restore(backup.backupId(), pitr, HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no backup");
        assertThatThrownBy(() -> requests.restoreAll(CatalogFixtures.DATABASE, HOUR, pitr, HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no backup");
        assertThatThrownBy(() -> requests.pointInTime(new SchemaRef("main", "pg_cluster"), HOUR,
                new RestoreRequests.Options("elsewhere", RestoreMode.PITR, true, false), HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data directory");
        assertThatThrownBy(() -> requests.pointInTime(new SchemaRef("redis", "cache"), HOUR, pitr, HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Redis");
        assertThat(catalog.published(RestoreRequested.class)).isEmpty();
    }

    private BackupCompleted record(BackupCompleted completed) {
        results().completed(completed);
        return completed;
    }

    private BackupResults results() {
        return new BackupResults(catalog, theManualsTargets(), catalog, catalog, (s, at) -> { }, b -> { },
                Clock.fixed(HOUR, ZoneOffset.UTC));
    }
}
