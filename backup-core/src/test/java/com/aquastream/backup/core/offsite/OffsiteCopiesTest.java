package com.aquastream.backup.core.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.checksum.ChecksumMismatchException;
import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.crypto.DecryptionException;
import com.aquastream.backup.core.crypto.EncryptionKey;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.crypto.UnknownKeyException;
import com.aquastream.backup.core.store.InMemoryObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OffsiteCopiesTest {

    private static final String KEY = "postgres/app/weekly_user_2025-33.dump.gz";
    private static final byte[] ARCHIVE = "CREATE TABLE accounts; COPY accounts FROM stdin;".repeat(50)
            .getBytes(StandardCharsets.UTF_8);
    private static final Keyring K1 = Keyring.of(key("k1", 1), List.of());
    private static final Keyring K2_AFTER_ROTATION = Keyring.of(key("k2", 2), List.of(key("k1", 1)));

    private final InMemoryObjectStore primary = new InMemoryObjectStore();
    private final InMemoryObjectStore offsite = new InMemoryObjectStore();

    @Test
    void anEncryptedCopyReadsAsItsPlaintextThroughTheViewWithTheCompanionsAsStored() throws Exception {
        givenPrimaryArchive(ARCHIVE);

        BackupReplicated record = new OffsiteCopies(offsite, K1).copyFrom(primary, backup(), KEY, "s3://x",
                Instant.EPOCH);

        ObjectStore view = new OffsiteCopies(offsite, K2_AFTER_ROTATION).plaintextView();
        assertThat(read(view, KEY)).isEqualTo(ARCHIVE);
        assertThat(read(view, KEY + ".sha256")).isEqualTo(offsite.bytes(KEY + ".sha256"));
        assertThat(offsite.bytes(KEY)).isNotEqualTo(ARCHIVE);
        assertThat(record.storedSha256()).isEqualTo(Sha256.of(offsite.bytes(KEY)));
        assertThatThrownBy(() -> view.delete(KEY)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anEncryptedCopyWithoutItsRecordIsStillRecognisedAndDecrypted() throws Exception {
        givenPrimaryArchive(ARCHIVE);
        new OffsiteCopies(offsite, K1).copyFrom(primary, backup(), KEY, "s3://x", Instant.EPOCH);
        offsite.delete(OffsiteCopies.recordKey(KEY));

        assertThat(new OffsiteCopies(offsite, K1).openPlaintext(KEY).readAllBytes()).isEqualTo(ARCHIVE);
        assertThatThrownBy(() -> new OffsiteCopies(offsite, Keyring.empty()).openPlaintext(KEY).readAllBytes())
                .isInstanceOf(UnknownKeyException.class);
    }

    @Test
    void aCopyIsCorrectOnlyWhenComplete_EncryptedAsConfigured_AndUnderAKeyStillHeld() throws Exception {
        givenPrimaryArchive(ARCHIVE);
        String sha = Sha256.of(ARCHIVE);
        new OffsiteCopies(offsite, K1).copyFrom(primary, backup(), KEY, "s3://x", Instant.EPOCH);

        assertThat(new OffsiteCopies(offsite, K1).correctCopy(KEY, sha)).isPresent();
        assertThat(new OffsiteCopies(offsite, K2_AFTER_ROTATION).correctCopy(KEY, sha)).isPresent();
        assertThat(new OffsiteCopies(offsite, Keyring.of(key("k3", 3), List.of())).correctCopy(KEY, sha)).isEmpty();
        assertThat(new OffsiteCopies(offsite, Keyring.empty()).correctCopy(KEY, sha)).isEmpty();
        assertThat(new OffsiteCopies(offsite, K1).correctCopy(KEY, Sha256.of(new byte[1]))).isEmpty();
        offsite.delete(OffsiteCopies.manifestKey(KEY));
        assertThat(new OffsiteCopies(offsite, K1).correctCopy(KEY, sha)).isEmpty();
    }

    @Test
    void aPrimaryArchiveThatDoesNotMatchItsRecordLeavesNothingOffsite() throws Exception {
        givenPrimaryArchive(Arrays.copyOf(ARCHIVE, ARCHIVE.length - 1));

        assertThatThrownBy(() -> new OffsiteCopies(offsite, K1).copyFrom(primary, backup(), KEY, "s3://x",
                Instant.EPOCH)).isInstanceOf(ChecksumMismatchException.class);

        assertThat(offsite.list("")).isEmpty();
    }

    @Test
    void aTamperedCopyFailsWhileReadingNeverYieldingWrongBytes() throws Exception {
        givenPrimaryArchive(ARCHIVE);
        new OffsiteCopies(offsite, K1).copyFrom(primary, backup(), KEY, "s3://x", Instant.EPOCH);
        byte[] stored = offsite.bytes(KEY);
        stored[stored.length - 3] ^= 1;
        offsite.put(KEY, new ByteArrayInputStream(stored));

        assertThatThrownBy(() -> new OffsiteCopies(offsite, K1).openPlaintext(KEY).readAllBytes())
                .isInstanceOf(DecryptionException.class);
    }

    private void givenPrimaryArchive(byte[] bytes) throws Exception {
        primary.put(KEY, new ByteArrayInputStream(bytes));
    }

    private static BackupCompleted backup() {
        Instant at = Instant.parse("2025-08-17T02:00:00Z");
        return new BackupCompleted(UUID.randomUUID(), at, "app", "user", UUID.randomUUID(), UUID.randomUUID(),
                List.of(Tier.WEEKLY), List.of(new StoredObject(Tier.WEEKLY, KEY)), "memory", ARCHIVE.length,
                Sha256.of(ARCHIVE), "gzip", "pg_dump-custom", at, at, "15", "pg_dump 15", Map.of("accounts", 1L));
    }

    private static byte[] read(ObjectStore store, String key) throws Exception {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }

    private static EncryptionKey key(String id, int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return new EncryptionKey(id, bytes);
    }
}
