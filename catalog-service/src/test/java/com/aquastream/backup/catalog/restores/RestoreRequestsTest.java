package com.aquastream.backup.catalog.restores;

import static com.aquastream.backup.catalog.backups.CatalogFixtures.aRedisSnapshotOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.catalog.backups.BackupResults;
import com.aquastream.backup.catalog.backups.InMemoryCatalog;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.Targets;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreRequestsTest {

    private static final Instant HOUR = Instant.parse("2025-06-10T10:00:00Z");
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
        new BackupResults(catalog, catalog, (s, at) -> { }, b -> { }, Clock.fixed(HOUR, ZoneOffset.UTC))
                .completed(snapshot);

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
    void refusesEverythingWithoutASigningKey() {
        RestoreRequests unsigned = new RestoreRequests(new Targets(List.of()), catalog, new InMemoryRestoreLog(),
                catalog, catalog, RestoreSigner.DISABLED);

        assertThatThrownBy(() -> unsigned.restore(java.util.UUID.randomUUID(),
                new RestoreRequests.Options(null, null, true, false), HOUR))
                .isInstanceOf(RestoresDisabledException.class).hasMessageContaining("RESTORE_SIGNING_KEY");
    }
}
