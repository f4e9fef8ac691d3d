package com.aquastream.backup.worker.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.security.ExpiryGuard;
import com.aquastream.backup.core.security.ExpiryRefusedException;
import com.aquastream.backup.core.security.ExpirySignatures;
import com.aquastream.backup.core.store.InMemoryObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiryServiceTest {

    private static final String OLD_DAILY = "postgres/aquastream/user_20250817.dump.gz";
    private static final String NEW_DAILY = "postgres/aquastream/user_20250818.dump.gz";
    private static final String OLD_WEEKLY = "postgres/aquastream/weekly_user_2025-32.dump.gz";
    private static final String NEW_WEEKLY = "postgres/aquastream/weekly_user_2025-33.dump.gz";
    private static final String OTHER_SCHEMA = "postgres/aquastream/event_20250818.dump.gz";
    private static final ExpirySignatures CATALOG = new ExpirySignatures("expiry-1",
            "the-catalogs-expiry-key-0123456789".getBytes(StandardCharsets.UTF_8));

    private final List<String> deletions = new ArrayList<>();
    private final InMemoryObjectStore store = new InMemoryObjectStore() {
        @Override
        public void delete(String key) {
            deletions.add(key);
            super.delete(key);
        }
    };
    private final ExpiryService service = new ExpiryService(store, ExpiryGuard.of(CATALOG));

    @Test
    void deletesTheManifestThenTheArchiveThenItsSidecarAndNothingElse() throws Exception {
        UUID old = givenABackupStored(OLD_DAILY);
        givenABackupStored(NEW_DAILY);
        givenABackupStored(OTHER_SCHEMA);

        service.accept(aSignedExpiryOf(old, Tier.DAILY, OLD_DAILY)).run();

        assertThat(deletions).containsExactly(OLD_DAILY + ".manifest.json", OLD_DAILY, OLD_DAILY + ".sha256");
        assertThat(store.list("")).doesNotContain(OLD_DAILY).contains(NEW_DAILY, NEW_DAILY + ".manifest.json",
                NEW_DAILY + ".sha256", OTHER_SCHEMA);
    }

    @Test
    void deletingTwiceIsHarmless() throws Exception {
        UUID old = givenABackupStored(OLD_DAILY);
        givenABackupStored(NEW_DAILY);
        BackupExpired expiry = aSignedExpiryOf(old, Tier.DAILY, OLD_DAILY);

        service.accept(expiry).run();
        service.accept(expiry).run();

        assertThat(store.list("")).containsExactly(NEW_DAILY, NEW_DAILY + ".manifest.json", NEW_DAILY + ".sha256");
    }

    @Test
    void refusesAnUnsignedExpiryAndDeletesNothing() throws Exception {
        UUID old = givenABackupStored(OLD_DAILY);
        givenABackupStored(NEW_DAILY);
        BackupExpired unsigned = new BackupExpired(UUID.randomUUID(), Instant.now(), "aquastream", "user", old,
                List.of(new StoredObject(Tier.DAILY, OLD_DAILY)), "forged");

        assertThatThrownBy(() -> service.accept(unsigned))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("not signed");

        assertThat(deletions).isEmpty();
    }

    @Test
    void refusesExpiriesSignedWithAnotherKey() throws Exception {
        UUID old = givenABackupStored(OLD_DAILY);
        ExpirySignatures forger = new ExpirySignatures("expiry-1",
                "a-guess-at-the-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> service.accept(forger.signed(anExpiryOf(old, Tier.DAILY, OLD_DAILY))))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("does not match");
    }

    @Test
    void refusesEveryExpiryWhenNoKeyIsConfigured() throws Exception {
        UUID old = givenABackupStored(OLD_DAILY);
        ExpiryService withoutKey = new ExpiryService(store,
                ExpiryGuard.fromSettings("expiry-1", "", null, "EXPIRY_SIGNING_KEY"));

        assertThatThrownBy(() -> withoutKey.accept(aSignedExpiryOf(old, Tier.DAILY, OLD_DAILY)))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("expiries are disabled");
    }

    @Test
    void refusesASignedExpiryOfAPinnedBackup() throws Exception {
        UUID old = givenABackupStored(OLD_DAILY);
        givenABackupStored(NEW_DAILY);
        BackupExpired e = anExpiryOf(old, Tier.DAILY, OLD_DAILY);
        BackupExpired pinned = CATALOG.signed(new BackupExpired(e.eventId(), e.occurredAt(), e.database(),
                e.schema(), e.backupId(), e.objects(), e.reason(), true, null, null));

        assertThatThrownBy(() -> service.accept(pinned)).isInstanceOf(ExpiryRefusedException.class);
    }

    @Test
    void refusesTheNewestWeeklyAndKeepsEveryObjectOfTheBackup() throws Exception {
        UUID backup = UUID.randomUUID();
        givenABackupStored(OLD_DAILY, backup);
        givenABackupStored(NEW_WEEKLY, backup);
        givenABackupStored(NEW_DAILY);
        givenABackupStored(OLD_WEEKLY);
        BackupExpired expiry = CATALOG.signed(new BackupExpired(UUID.randomUUID(), Instant.now(), "aquastream",
                "user", backup, List.of(new StoredObject(Tier.DAILY, OLD_DAILY),
                new StoredObject(Tier.WEEKLY, NEW_WEEKLY)), "a faulty retention", false, null, null));

        assertThatThrownBy(() -> service.accept(expiry).run())
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("newest weekly");

        assertThat(deletions).isEmpty();
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
        givenABackupStored(OTHER_SCHEMA);

        assertThatThrownBy(() -> service.accept(aSignedExpiryOf(UUID.randomUUID(), Tier.DAILY, key)))
                .isInstanceOf(ExpiryRefusedException.class);

        assertThat(deletions).isEmpty();
    }

    @Test
    void refusesAHostileSchemaName() {
        BackupExpired hostile = CATALOG.signed(new BackupExpired(UUID.randomUUID(), Instant.now(), "aquastream",
                "user; drop table x", UUID.randomUUID(), List.of(new StoredObject(Tier.DAILY, OLD_DAILY)), "r",
                false, null, null));

        assertThatThrownBy(() -> service.accept(hostile)).isInstanceOf(ExpiryRefusedException.class);
    }

    private UUID givenABackupStored(String key) throws IOException {
        return givenABackupStored(key, UUID.randomUUID());
    }

    private UUID givenABackupStored(String key, UUID backupId) throws IOException {
        BackupCompleted manifest = new BackupCompleted(UUID.randomUUID(), Instant.now(), "aquastream", "user",
                UUID.randomUUID(), backupId, List.of(Tier.DAILY), List.of(new StoredObject(Tier.DAILY, key)),
                "filesystem", 3L, "00", "gzip", "pg_dump-custom", Instant.now(), Instant.now(), "16", "pg_dump 16",
                Map.of());
        store.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}));
        store.put(key + ".sha256", new ByteArrayInputStream(new byte[] {4}));
        store.put(key + ".manifest.json", new ByteArrayInputStream(new EventCodec().encode(manifest)));
        return backupId;
    }

    private static BackupExpired aSignedExpiryOf(UUID backupId, Tier tier, String key) {
        return CATALOG.signed(anExpiryOf(backupId, tier, key));
    }

    private static BackupExpired anExpiryOf(UUID backupId, Tier tier, String key) {
        return new BackupExpired(UUID.randomUUID(), Instant.now(), "aquastream", "user", backupId,
                List.of(new StoredObject(tier, key)), "retention: beyond the newest 7 DAILY", false, null, null);
    }
}
