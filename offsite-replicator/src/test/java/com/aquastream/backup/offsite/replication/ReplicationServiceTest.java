package com.aquastream.backup.offsite.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.crypto.OffsiteEncryption;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.store.InMemoryObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.ReplicationEvent;
import com.aquastream.backup.events.ReplicationFailed;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.google.crypto.tink.KeysetHandle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ReplicationServiceTest {

    private static final byte[] ARCHIVE = "pg_dump archive bytes".getBytes(StandardCharsets.UTF_8);
    private static final String DAILY = "postgres/app/user_20250817.dump.gz";
    private static final String WEEKLY = "postgres/app/weekly_user_2025-33.dump.gz";
    private static final KeysetHandle KEYSET = Keyring.newKeyset();
    private static final Keyring KEYRING = Keyring.of(KEYSET, List.of());

    private final InMemoryObjectStore primary = new InMemoryObjectStore();
    private final InMemoryObjectStore offsite = new InMemoryObjectStore();
    private final List<ReplicationEvent> published = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2025-08-17T03:00:00Z"), ZoneOffset.UTC);
    private final ReplicationService service = new ReplicationService(primary, offsite, published::add,
            new ReplicationSettings(Set.of(Tier.WEEKLY, Tier.MONTHLY), "s3://offsite"), new ReplicationLag(clock),
            clock);

    @Test
    void copiesTheWeeklyObjectWithItsSidecarAndLeavesTheDailyOne() throws Exception {
        givenPrimaryHolds(DAILY, WEEKLY);

        service.accept(aSundayBackup(Sha256.of(ARCHIVE))).run();

        assertThat(offsite.list("")).containsExactly(WEEKLY, WEEKLY + ".manifest.json", WEEKLY + ".replicated.json",
                WEEKLY + ".sha256");
        assertThat(offsite.bytes(WEEKLY)).isEqualTo(ARCHIVE);
        assertThat(published).singleElement().isInstanceOfSatisfying(BackupReplicated.class, r -> {
            assertThat(r.key()).isEqualTo(WEEKLY);
            assertThat(r.sha256()).isEqualTo(Sha256.of(ARCHIVE));
            assertThat(r.target()).isEqualTo("s3://offsite");
            assertThat(r.encrypted()).isFalse();
            assertThat(r.storedSha256()).isEqualTo(Sha256.of(ARCHIVE));
        });
    }

    @Test
    void encryptsTheCopyWithTheCurrentKeyAndRecordsTheKeyIdButNeverTheKey() throws Exception {
        givenPrimaryHolds(WEEKLY);
        BackupCompleted backup = aSundayBackup(Sha256.of(ARCHIVE));

        encrypting(KEYRING).accept(backup).run();

        byte[] stored = offsite.bytes(WEEKLY);
        assertThat(stored).isNotEqualTo(ARCHIVE);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("pg_dump archive");
        assertThat(new OffsiteCopies(offsite, KEYRING).openPlaintext(WEEKLY).readAllBytes()).isEqualTo(ARCHIVE);
        BackupReplicated replicated = (BackupReplicated) published.get(0);
        assertThat(replicated.encrypted()).isTrue();
        assertThat(replicated.keyId()).isEqualTo(KEYRING.primaryKeyId().orElseThrow());
        assertThat(replicated.encryption()).isEqualTo(OffsiteEncryption.SCHEME);
        assertThat(replicated.storedSha256()).isEqualTo(Sha256.of(stored));
        assertThat(replicated.storedSizeBytes()).isEqualTo(stored.length);
        assertThat(new OffsiteCopies(offsite, KEYRING).record(WEEKLY)).contains(replicated);
        assertThat(new String(offsite.bytes(WEEKLY + ".sha256"), StandardCharsets.UTF_8))
                .startsWith(Sha256.of(ARCHIVE));
        assertThat(new EventCodec().decode(offsite.bytes(WEEKLY + ".manifest.json"), BackupCompleted.class))
                .isEqualTo(backup);
    }

    @Test
    void copiesThePrimarysManifestAsItIs() throws Exception {
        givenPrimaryHolds(WEEKLY);
        BackupCompleted backup = aSundayBackup(Sha256.of(ARCHIVE));
        byte[] manifest = new EventCodec().encode(backup);
        primary.put(WEEKLY + ".manifest.json", new ByteArrayInputStream(manifest));

        service.accept(backup).run();

        assertThat(offsite.bytes(WEEKLY + ".manifest.json")).isEqualTo(manifest);
    }

    @Test
    void encryptsAgainACopyMadeBeforeEncryptionWasOnButNotOneUnderARotatedKey() throws Exception {
        givenPrimaryHolds(WEEKLY);
        service.accept(aSundayBackup(Sha256.of(ARCHIVE))).run();

        encrypting(KEYRING).accept(aSundayBackup(Sha256.of(ARCHIVE))).run();
        byte[] encrypted = offsite.bytes(WEEKLY);
        Keyring rotated = Keyring.of(Keyring.rotated(KEYSET), List.of());
        encrypting(rotated).accept(aSundayBackup(Sha256.of(ARCHIVE))).run();

        assertThat(encrypted).isNotEqualTo(ARCHIVE);
        assertThat(offsite.bytes(WEEKLY)).isEqualTo(encrypted);
        assertThat(published).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(BackupReplicated.class));
        assertThat(((BackupReplicated) published.get(2)).keyId()).isEqualTo(KEYRING.primaryKeyId().orElseThrow());
    }

    @Test
    void doesNotCopyAnObjectAlreadyOffsiteWithTheRightChecksum() throws Exception {
        givenPrimaryHolds(WEEKLY);
        service.accept(aSundayBackup(Sha256.of(ARCHIVE))).run();
        primary.delete(WEEKLY);

        service.accept(aSundayBackup(Sha256.of(ARCHIVE))).run();

        assertThat(published).hasSize(2).allMatch(BackupReplicated.class::isInstance);
    }

    @Test
    void reportsACorruptPrimaryObjectAndCopiesNothing() throws Exception {
        givenPrimaryHolds(WEEKLY);
        String recorded = Sha256.of("the bytes the worker stored".getBytes(StandardCharsets.UTF_8));

        service.accept(aSundayBackup(recorded)).run();

        assertThat(offsite.list("")).isEmpty();
        assertThat(published).singleElement().isInstanceOfSatisfying(ReplicationFailed.class,
                f -> assertThat(f.reason()).contains("checksum mismatch"));
    }

    @Test
    void reportsACorruptPrimaryObjectWhenEncryptingTooAndStoresNoCiphertextOfIt() throws Exception {
        givenPrimaryHolds(WEEKLY);
        String recorded = Sha256.of("the bytes the worker stored".getBytes(StandardCharsets.UTF_8));

        encrypting(KEYRING).accept(aSundayBackup(recorded)).run();

        assertThat(offsite.list("")).isEmpty();
        assertThat(published).singleElement().isInstanceOf(ReplicationFailed.class);
    }

    @Test
    void anUnreachableOffsiteIsThrownSoTheCompletionIsDeliveredAgain() throws Exception {
        givenPrimaryHolds(WEEKLY);
        ObjectStore down = (ObjectStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
                    throw new IOException("connection refused");
                });
        ReplicationService toDownOffsite = new ReplicationService(primary, down, published::add,
                new ReplicationSettings(Set.of(Tier.WEEKLY), "s3://offsite"), new ReplicationLag(clock), clock);

        assertThatThrownBy(() -> toDownOffsite.accept(aSundayBackup(Sha256.of(ARCHIVE))).run())
                .hasMessageContaining(WEEKLY);

        assertThat(published).isEmpty();
    }

    @Test
    void needsNoWorkForABackupWithoutLongLivedObjects() {
        BackupCompleted daily = new BackupCompleted(UUID.randomUUID(), clock.instant(), "app", "user",
                UUID.randomUUID(), UUID.randomUUID(), List.of(Tier.DAILY), List.of(new StoredObject(Tier.DAILY, DAILY)),
                "s3", 10, Sha256.of(ARCHIVE), "gzip", "pg_dump-custom", clock.instant(), clock.instant(), "15",
                "pg_dump 15", Map.of());

        assertThat(service.accept(daily)).isNull();
    }

    @Test
    void refusesAnEventWithAnUnsafeKey() {
        BackupCompleted hostile = new BackupCompleted(UUID.randomUUID(), clock.instant(), "app", "user",
                UUID.randomUUID(), UUID.randomUUID(), List.of(Tier.WEEKLY),
                List.of(new StoredObject(Tier.WEEKLY, "../../etc/passwd")), "s3", 10, Sha256.of(ARCHIVE), "gzip",
                "pg_dump-custom", clock.instant(), clock.instant(), "15", "pg_dump 15", Map.of());

        assertThatThrownBy(() -> service.accept(hostile)).isInstanceOf(IllegalArgumentException.class);
    }

    private ReplicationService encrypting(Keyring keyring) {
        return new ReplicationService(primary, offsite, published::add,
                new ReplicationSettings(Set.of(Tier.WEEKLY, Tier.MONTHLY), "s3://offsite", keyring),
                new ReplicationLag(clock), clock);
    }

    private void givenPrimaryHolds(String... keys) throws IOException {
        for (String key : keys) {
            try (InputStream in = new ByteArrayInputStream(ARCHIVE)) {
                primary.put(key, in);
            }
        }
    }

    private BackupCompleted aSundayBackup(String sha256) {
        return new BackupCompleted(UUID.randomUUID(), clock.instant(), "app", "user", UUID.randomUUID(),
                UUID.fromString("00000000-0000-0000-0000-000000000033"), List.of(Tier.DAILY, Tier.WEEKLY),
                List.of(new StoredObject(Tier.DAILY, DAILY), new StoredObject(Tier.WEEKLY, WEEKLY)), "s3",
                ARCHIVE.length, sha256, "gzip", "pg_dump-custom", clock.instant(), clock.instant(), "15.4",
                "pg_dump (PostgreSQL) 15.4", Map.of("accounts", 3L));
    }
}
