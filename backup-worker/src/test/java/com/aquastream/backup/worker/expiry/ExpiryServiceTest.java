package com.aquastream.backup.worker.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.store.InMemoryObjectStore;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.worker.backup.RejectedRequestException;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiryServiceTest {

    private static final String DAILY = "postgres/aquastream/user_20250818.dump.gz";
    private static final String WEEKLY = "postgres/aquastream/weekly_user_2025-33.dump.gz";
    private static final String OTHER_SCHEMA = "postgres/aquastream/event_20250818.dump.gz";

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ExpiryService service = new ExpiryService(store);

    @Test
    void deletesEachExpiredObjectWithItsSidecarAndManifest() throws Exception {
        givenStored(DAILY, DAILY + ".sha256", DAILY + ".manifest.json", WEEKLY, WEEKLY + ".sha256", OTHER_SCHEMA);

        service.accept(anExpiryOf("user", DAILY)).run();

        assertThat(store.list("")).containsExactlyInAnyOrder(WEEKLY, WEEKLY + ".sha256", OTHER_SCHEMA);
    }

    @Test
    void deletingTwiceIsHarmless() throws Exception {
        givenStored(DAILY, DAILY + ".sha256");

        service.accept(anExpiryOf("user", DAILY)).run();
        service.accept(anExpiryOf("user", DAILY)).run();

        assertThat(store.list("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "postgres/aquastream/event_20250818.dump.gz",
        "postgres/other/user_20250818.dump.gz",
        "postgres/aquastream/../other/user_20250818.dump.gz",
        "/etc/passwd",
        "postgres/aquastream/sub/user_20250818.dump.gz",
        "redis/cache/dump_20250818T020000Z.rdb.gz"})
    void refusesKeysOutsideTheSchemasOwnArea(String key) throws Exception {
        givenStored(OTHER_SCHEMA);

        assertThatThrownBy(() -> service.accept(anExpiryOf("user", key)))
                .isInstanceOf(RejectedRequestException.class);

        assertThat(store.list("")).containsExactly(OTHER_SCHEMA);
    }

    @Test
    void refusesAHostileSchemaName() {
        assertThatThrownBy(() -> service.accept(anExpiryOf("user; drop table x", DAILY)))
                .isInstanceOf(RejectedRequestException.class);
    }

    private void givenStored(String... keys) throws Exception {
        for (String key : keys) {
            store.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}));
        }
    }

    private static BackupExpired anExpiryOf(String schema, String key) {
        return new BackupExpired(UUID.randomUUID(), Instant.now(), "aquastream", schema, UUID.randomUUID(),
                List.of(new StoredObject(Tier.DAILY, key)), "retention: 8th newest daily");
    }
}
