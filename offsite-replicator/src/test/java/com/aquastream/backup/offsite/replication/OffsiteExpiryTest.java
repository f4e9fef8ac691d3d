package com.aquastream.backup.offsite.replication;

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

class OffsiteExpiryTest {

    private static final String WEEK_31 = "postgres/app/weekly_user_2025-31.dump.gz";
    private static final String WEEK_32 = "postgres/app/weekly_user_2025-32.dump.gz";
    private static final String WEEK_33 = "postgres/app/weekly_user_2025-33.dump.gz";
    private static final ExpirySignatures CATALOG = new ExpirySignatures("expiry-1",
            "the-catalogs-expiry-key-0123456789".getBytes(StandardCharsets.UTF_8));

    private final List<String> deletions = new ArrayList<>();
    private final InMemoryObjectStore offsite = new InMemoryObjectStore() {
        @Override
        public void delete(String key) {
            deletions.add(key);
            super.delete(key);
        }
    };
    private final OffsiteExpiry expiry = new OffsiteExpiry(offsite, new OffsiteRetention(1, 1),
            ExpiryGuard.of(CATALOG));

    @Test
    void deletesACopyTheOffsitePolicyNoLongerKeepsManifestFirst() throws Exception {
        UUID old = givenACopy(WEEK_32);
        givenACopy(WEEK_33);

        expiry.accept(aSignedExpiryOf(old, WEEK_32)).run();

        assertThat(deletions).containsExactly(WEEK_32 + ".manifest.json", WEEK_32, WEEK_32 + ".sha256",
                WEEK_32 + ".replicated.json");
        assertThat(offsite.list("")).noneMatch(k -> k.startsWith(WEEK_32)).contains(WEEK_33);
    }

    @Test
    void refusesAnUnsignedExpiryAndDeletesNothing() throws Exception {
        UUID old = givenACopy(WEEK_32);
        givenACopy(WEEK_33);
        BackupExpired unsigned = new BackupExpired(UUID.randomUUID(), Instant.now(), "app", "user", old,
                List.of(new StoredObject(Tier.WEEKLY, WEEK_32)), "forged");

        assertThatThrownBy(() -> expiry.accept(unsigned)).isInstanceOf(ExpiryRefusedException.class);

        assertThat(deletions).isEmpty();
    }

    @Test
    void refusesEveryExpiryWithoutAKey() throws Exception {
        UUID old = givenACopy(WEEK_32);
        OffsiteExpiry withoutKey = new OffsiteExpiry(offsite, new OffsiteRetention(1, 1),
                ExpiryGuard.fromSettings("expiry-1", null, null, "offsite.expiry.signing-key"));

        assertThatThrownBy(() -> withoutKey.accept(aSignedExpiryOf(old, WEEK_32)))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("offsite.expiry.signing-key");
    }

    @Test
    void refusesACopyWhoseManifestNamesAnotherBackup() throws Exception {
        givenACopy(WEEK_31);
        givenACopy(WEEK_32);
        givenACopy(WEEK_33);

        assertThatThrownBy(() -> expiry.accept(aSignedExpiryOf(UUID.randomUUID(), WEEK_31)).run())
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("stale or replayed");

        assertThat(deletions).isEmpty();
    }

    @Test
    void keepsTheNewestWeeklyCopyWhateverASignedExpirySays() throws Exception {
        givenACopy(WEEK_32);
        UUID newest = givenACopy(WEEK_33);

        expiry.accept(aSignedExpiryOf(newest, WEEK_33)).run();

        assertThat(deletions).isEmpty();
    }

    @Test
    void putsTheManifestFirstAndTheRecordLastInTheDeletionOrder() {
        assertThat(OffsiteExpiry.deletionOrder(WEEK_32)).containsExactly(WEEK_32 + ".manifest.json", WEEK_32,
                WEEK_32 + ".sha256", WEEK_32 + ".replicated.json");
    }

    private UUID givenACopy(String key) throws IOException {
        UUID backupId = UUID.randomUUID();
        BackupCompleted manifest = new BackupCompleted(UUID.randomUUID(), Instant.now(), "app", "user",
                UUID.randomUUID(), backupId, List.of(Tier.WEEKLY), List.of(new StoredObject(Tier.WEEKLY, key)), "s3",
                3L, "00", "gzip", "pg_dump-custom", Instant.now(), Instant.now(), "16", "pg_dump 16", Map.of());
        offsite.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}));
        offsite.put(key + ".sha256", new ByteArrayInputStream(new byte[] {4}));
        offsite.put(key + ".manifest.json", new ByteArrayInputStream(new EventCodec().encode(manifest)));
        offsite.put(key + ".replicated.json", new ByteArrayInputStream(new byte[] {5}));
        return backupId;
    }

    private static BackupExpired aSignedExpiryOf(UUID backupId, String key) {
        return CATALOG.signed(new BackupExpired(UUID.randomUUID(), Instant.now(), "app", "user", backupId,
                List.of(new StoredObject(Tier.WEEKLY, key)), "retention: beyond the newest 4 WEEKLY", false, null,
                null));
    }
}
