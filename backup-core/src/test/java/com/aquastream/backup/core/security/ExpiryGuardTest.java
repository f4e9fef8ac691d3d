package com.aquastream.backup.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.store.InMemoryObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiryGuardTest {

    private static final String WEEK_32 = "postgres/app/weekly_user_2025-32.dump.gz";
    private static final String WEEK_33 = "postgres/app/weekly_user_2025-33.dump.gz";
    private static final String DAILY = "postgres/app/user_20250818.dump.gz";

    private final ExpirySignatures signatures = new ExpirySignatures("k1", ExpirySignaturesTest.TEST_KEY);
    private final ExpiryGuard guard = ExpiryGuard.of(signatures);
    private final InMemoryObjectStore store = new InMemoryObjectStore();

    @Test
    void admitsASignedExpiryOfAnUnpinnedBackup() {
        BackupExpired expiry = signed(anExpiry(Tier.WEEKLY, WEEK_32));

        assertThat(guard.admit(expiry)).containsExactly(new StoredObject(Tier.WEEKLY, WEEK_32));
    }

    @Test
    void refusesEveryExpiryWhenNoKeyIsConfigured() {
        ExpiryGuard disabled = ExpiryGuard.disabled("no key (EXPIRY_SIGNING_KEY)");

        assertThatThrownBy(() -> disabled.admit(signed(anExpiry(Tier.WEEKLY, WEEK_32))))
                .isInstanceOf(ExpiryRefusedException.class)
                .hasMessageContaining("expiries are disabled: no key (EXPIRY_SIGNING_KEY)")
                .hasMessageContaining("nothing deleted");
    }

    @Test
    void refusesAnUnsignedExpiry() {
        assertThatThrownBy(() -> guard.admit(anExpiry(Tier.WEEKLY, WEEK_32)))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("not signed");
    }

    @Test
    void refusesAnExpiryWhoseKeyWasChangedAfterSigning() {
        BackupExpired signed = signed(anExpiry(Tier.WEEKLY, WEEK_32));
        BackupExpired altered = new BackupExpired(signed.eventId(), signed.occurredAt(), signed.database(),
                signed.schema(), signed.backupId(), List.of(new StoredObject(Tier.WEEKLY, WEEK_33)), signed.reason(),
                false, signed.keyId(), signed.signature());

        assertThatThrownBy(() -> guard.admit(altered))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("does not match");
    }

    @Test
    void refusesASignedExpiryOfAPinnedBackup() {
        BackupExpired pinned = signed(withPinned(anExpiry(Tier.WEEKLY, WEEK_32), true));

        assertThatThrownBy(() -> guard.admit(pinned))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("is pinned");
    }

    @Test
    void refusesASignedExpiryThatDoesNotStateThePinnedState() {
        BackupExpired unstated = signed(withPinned(anExpiry(Tier.WEEKLY, WEEK_32), null));

        assertThatThrownBy(() -> guard.admit(unstated))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("pinned=false");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "postgres/app/weekly_event_2025-32.dump.gz",
        "postgres/other/weekly_user_2025-32.dump.gz",
        "postgres/app/../other/weekly_user_2025-32.dump.gz",
        "postgres/app/weekly_user_2025-32.dump.gz.manifest.json",
        "redis/cache/dump_20250818T020000Z.rdb.gz",
        "/etc/passwd"})
    void refusesASignedExpiryOfAKeyOutsideTheSchemasArea(String key) {
        BackupExpired foreign = signed(anExpiry(Tier.WEEKLY, key));

        assertThatThrownBy(() -> guard.admit(foreign)).isInstanceOf(ExpiryRefusedException.class);
    }

    @Test
    void refusesASignedExpiryThatCallsAWeeklyObjectDaily() {
        BackupExpired mislabelled = signed(anExpiry(Tier.DAILY, WEEK_32));

        assertThatThrownBy(() -> guard.admit(mislabelled))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("is a weekly object, not DAILY");
    }

    @Test
    void refusesTheNewestWeeklyOfTheStore() throws IOException {
        BackupExpired expiry = signed(anExpiry(Tier.WEEKLY, WEEK_33));
        givenABackupStored(WEEK_32, UUID.randomUUID());
        givenABackupStored(WEEK_33, expiry.backupId());

        assertThatThrownBy(() -> guard.requireDeletable(store, expiry, WEEK_33))
                .isInstanceOf(ExpiryRefusedException.class)
                .hasMessageContaining("is the newest weekly backup of app.user");
    }

    @Test
    void refusesAWeeklyWhoseOnlyNewerWeeklyHasNoManifest() throws IOException {
        BackupExpired expiry = signed(anExpiry(Tier.WEEKLY, WEEK_32));
        givenABackupStored(WEEK_32, expiry.backupId());
        givenStored(WEEK_33, WEEK_33 + ".sha256");

        assertThatThrownBy(() -> guard.requireDeletable(store, expiry, WEEK_32))
                .isInstanceOf(ExpiryRefusedException.class);
    }

    @Test
    void refusesAWeeklyWhenOnlyNewerObjectsOfOtherTiersAreStored() throws IOException {
        BackupExpired expiry = signed(anExpiry(Tier.WEEKLY, WEEK_32));
        givenABackupStored(WEEK_32, expiry.backupId());
        givenABackupStored(DAILY, UUID.randomUUID());
        givenABackupStored("postgres/app/monthly_user_2025-09.dump.gz", UUID.randomUUID());
        givenABackupStored("postgres/app/weekly_event_2025-40.dump.gz", UUID.randomUUID());

        assertThatThrownBy(() -> guard.requireDeletable(store, expiry, WEEK_32))
                .isInstanceOf(ExpiryRefusedException.class);
    }

    @Test
    void letsAnOlderWeeklyGoWhenANewerOneIsStoredWithItsManifest() throws IOException {
        BackupExpired expiry = signed(anExpiry(Tier.WEEKLY, WEEK_32));
        givenABackupStored(WEEK_32, expiry.backupId());
        givenABackupStored(WEEK_33, UUID.randomUUID());

        assertThatCode(() -> guard.requireDeletable(store, expiry, WEEK_32)).doesNotThrowAnyException();
    }

    @Test
    void refusesAKeyThatNowHoldsAnotherBackup() throws IOException {
        BackupExpired replayed = signed(anExpiry(Tier.WEEKLY, WEEK_32));
        givenABackupStored(WEEK_32, UUID.randomUUID());
        givenABackupStored(WEEK_33, UUID.randomUUID());

        assertThatThrownBy(() -> guard.requireDeletable(store, replayed, WEEK_32))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("stale or replayed");
    }

    @Test
    void refusesTheNewestSnapshotOfARedisInstance() throws IOException {
        String older = "redis/cache/dump_20250818T010000Z.rdb.gz";
        String newest = "redis/cache/dump_20250818T020000Z.rdb.gz";
        BackupExpired expiry = signed(new BackupExpired(UUID.randomUUID(), Instant.now(), "redis", "cache",
                UUID.randomUUID(), List.of(new StoredObject(Tier.DAILY, newest)), "r", false, null, null));
        givenABackupStored(older, UUID.randomUUID());
        givenABackupStored(newest, expiry.backupId());

        assertThatThrownBy(() -> guard.requireDeletable(store, expiry, newest))
                .isInstanceOf(ExpiryRefusedException.class).hasMessageContaining("newest snapshot");
    }

    @Test
    void deletesTheManifestFirstThenTheArchiveThenItsSidecar() {
        assertThat(ExpiryGuard.deletionOrder(WEEK_32))
                .containsExactly(WEEK_32 + ".manifest.json", WEEK_32, WEEK_32 + ".sha256");
    }

    /** Whatever daily backups a store holds, exactly the newest one (by the date in its name) is never let go. */
    @Property(tries = 200)
    void refusesExactlyTheNewestDailyWhateverTheStoreHolds(@ForAll("dailyDates") Set<LocalDate> dates)
            throws IOException {
        InMemoryObjectStore dailies = new InMemoryObjectStore();
        Map<LocalDate, UUID> backups = new java.util.HashMap<>();
        for (LocalDate date : dates) {
            backups.put(date, UUID.randomUUID());
            stored(dailies, dailyKey(date), backups.get(date));
        }
        LocalDate newest = dates.stream().max(LocalDate::compareTo).orElseThrow();

        for (LocalDate date : dates) {
            BackupExpired expiry = signed(withBackup(anExpiry(Tier.DAILY, dailyKey(date)), backups.get(date)));
            boolean refused;
            try {
                guard.requireDeletable(dailies, expiry, dailyKey(date));
                refused = false;
            } catch (ExpiryRefusedException e) {
                refused = true;
            }

            assertThat(refused).as("refused %s (newest %s)", date, newest).isEqualTo(date.equals(newest));
        }
    }

    @Provide
    Arbitrary<Set<LocalDate>> dailyDates() {
        return Arbitraries.integers().between(0, 4000).map(d -> LocalDate.of(2020, 1, 1).plusDays(d))
                .set().ofMinSize(1).ofMaxSize(12);
    }

    private static String dailyKey(LocalDate date) {
        return "postgres/app/user_" + date.toString().replace("-", "") + ".dump.gz";
    }

    private BackupExpired signed(BackupExpired expiry) {
        return signatures.signed(expiry);
    }

    private void givenABackupStored(String key, UUID backupId) throws IOException {
        stored(store, key, backupId);
    }

    private static void stored(InMemoryObjectStore store, String key, UUID backupId) throws IOException {
        BackupCompleted manifest = new BackupCompleted(UUID.randomUUID(), Instant.now(), "app", "user",
                UUID.randomUUID(), backupId, List.of(Tier.WEEKLY), List.of(new StoredObject(Tier.WEEKLY, key)), "fs",
                3L, "00", "gzip", "pg_dump-custom", Instant.now(), Instant.now(), "16", "pg_dump 16", Map.of());
        store.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}));
        store.put(key + ".sha256", new ByteArrayInputStream(new byte[] {4}));
        store.put(key + ".manifest.json", new ByteArrayInputStream(new EventCodec().encode(manifest)));
    }

    private void givenStored(String... keys) throws IOException {
        for (String key : keys) {
            store.put(key, new ByteArrayInputStream(new byte[] {1}));
        }
    }

    private static BackupExpired anExpiry(Tier tier, String key) {
        return new BackupExpired(UUID.randomUUID(), Instant.parse("2025-08-25T02:30:00Z"), "app", "user",
                UUID.randomUUID(), List.of(new StoredObject(tier, key)), "retention: beyond the newest 4 WEEKLY",
                false, null, null);
    }

    private static BackupExpired withPinned(BackupExpired e, Boolean pinned) {
        return new BackupExpired(e.eventId(), e.occurredAt(), e.database(), e.schema(), e.backupId(), e.objects(),
                e.reason(), pinned, e.keyId(), e.signature());
    }

    private static BackupExpired withBackup(BackupExpired e, UUID backupId) {
        return new BackupExpired(e.eventId(), e.occurredAt(), e.database(), e.schema(), backupId, e.objects(),
                e.reason(), e.pinned(), e.keyId(), e.signature());
    }
}
