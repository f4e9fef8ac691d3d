package com.aquastream.backup.core.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.checksum.ChecksumMismatchException;
import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.crypto.DecryptionException;
import com.aquastream.backup.core.crypto.EncryptionKey;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.crypto.Keysets;
import com.aquastream.backup.core.crypto.OffsiteEncryption;
import com.aquastream.backup.core.crypto.PlaintextCopyException;
import com.aquastream.backup.core.crypto.UnboundStreamException;
import com.aquastream.backup.core.crypto.UnknownKeyException;
import com.aquastream.backup.core.store.InMemoryObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.google.crypto.tink.KeysetHandle;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OffsiteCopiesTest {

    private static final String KEY = "postgres/app/weekly_user_2025-33.dump.gz";
    private static final byte[] ARCHIVE = "CREATE TABLE accounts; COPY accounts FROM stdin;".repeat(50)
            .getBytes(StandardCharsets.UTF_8);
    private static final KeysetHandle KEYSET = Keysets.aKeyset();
    private static final Keyring K1 = Keysets.keyring(KEYSET);
    private static final Keyring K2_AFTER_ROTATION = Keysets.keyring(Keysets.rotated(KEYSET));

    /** A stream written by format version 1 before version 2 existed (key "k1" = 32 bytes of 7). */
    private static final String V1_GOLDEN = "QVFTRQEAAAAgAmsxq2x0LKXrI25TNO4Fa+yXaJWLrbFAbtHfPU5Ocz8dIhjeN49Doy43lUss01njps"
            + "WyKsEMtRcosrDVv6w/YtUD0uuuQruJKPrzIQHdLQXcASeyWdddH/zUInRuXfPiNZEXefX0RiRFjhklJByZA4KH1OQZZfO8kK9PYQq90eT"
            + "69S1G4oLF8OgpWDGosyZATv4MWFWi3r861FC4Cr1EMDS0Zx/fjGcgA2AAOzbSoiUVeV8RaQY4FY84MTp5qMS8ouafjY33S3lOeAmJIKW"
            + "MvXaad8OfXokVFGYiq4xjfdX6jxb3iPBYOSwnyfbU7Ys=";

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
        BackupCompleted backup = backup();
        UUID id = backup.backupId();
        new OffsiteCopies(offsite, K1).copyFrom(primary, backup, KEY, "s3://x", Instant.EPOCH);

        assertThat(new OffsiteCopies(offsite, K1).correctCopy(KEY, id, sha)).isPresent();
        assertThat(new OffsiteCopies(offsite, K2_AFTER_ROTATION).correctCopy(KEY, id, sha)).isPresent();
        assertThat(new OffsiteCopies(offsite, Keysets.keyring(Keysets.aKeyset())).correctCopy(KEY, id, sha))
                .isEmpty();
        assertThat(new OffsiteCopies(offsite, Keyring.empty()).correctCopy(KEY, id, sha)).isEmpty();
        assertThat(new OffsiteCopies(offsite, K1).correctCopy(KEY, id, Sha256.of(new byte[1]))).isEmpty();
        assertThat(new OffsiteCopies(offsite, K1).correctCopy(KEY, UUID.randomUUID(), sha)).isEmpty();
        offsite.delete(OffsiteCopies.manifestKey(KEY));
        assertThat(new OffsiteCopies(offsite, K1).correctCopy(KEY, id, sha)).isEmpty();
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

    @Test
    void anEncryptedCopyMovedUnderAnotherKeyIsRefusedOnReadAndIsNoCorrectCopy() throws Exception {
        String older = "postgres/app/weekly_user_2025-32.dump.gz";
        BackupCompleted olderBackup = givenCopy(older, "an older weekly".repeat(10).getBytes(StandardCharsets.UTF_8));
        BackupCompleted newerBackup = givenCopy(KEY, ARCHIVE);

        offsite.put(KEY, new ByteArrayInputStream(offsite.bytes(older)));

        OffsiteCopies copies = new OffsiteCopies(offsite, K1, true);
        assertThatThrownBy(() -> read(copies.plaintextView(), KEY)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("not the copy of key " + KEY);
        assertThatThrownBy(() -> copies.openPlaintext(older, newerBackup.backupId()).readAllBytes())
                .isInstanceOf(DecryptionException.class);
        assertThat(copies.correctCopy(KEY, newerBackup.backupId(), newerBackup.sha256())).isEmpty();
        assertThat(read(copies.plaintextView(), older)).isEqualTo(
                "an older weekly".repeat(10).getBytes(StandardCharsets.UTF_8));
        assertThat(copies.correctCopy(older, olderBackup.backupId(), olderBackup.sha256())).isPresent();
    }

    @Test
    void aPlaintextObjectWhereAnEncryptedCopyIsExpectedIsRefusedWhenEncryptionIsConfigured() throws Exception {
        givenCopy(KEY, ARCHIVE);

        offsite.put(KEY, new ByteArrayInputStream("DROP SCHEMA user CASCADE;".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> read(new OffsiteCopies(offsite, K1).plaintextView(), KEY))
                .isInstanceOf(PlaintextCopyException.class).hasMessageContaining("not encrypted");
        assertThatThrownBy(() -> read(new OffsiteCopies(offsite, K2_AFTER_ROTATION, true).plaintextView(), KEY))
                .isInstanceOf(PlaintextCopyException.class);
    }

    @Test
    void aPlaintextCopyIsReadAsStoredOnlyWithoutEncryptionConfigured() throws Exception {
        BackupCompleted backup = givenCopyWith(Keyring.empty(), KEY, ARCHIVE);

        assertThat(read(new OffsiteCopies(offsite, Keyring.empty()).plaintextView(), KEY)).isEqualTo(ARCHIVE);
        assertThat(new OffsiteCopies(offsite, Keyring.empty()).correctCopy(KEY, backup.backupId(), backup.sha256()))
                .isPresent();
        assertThatThrownBy(() -> read(new OffsiteCopies(offsite, K1).plaintextView(), KEY))
                .isInstanceOf(PlaintextCopyException.class);
    }

    @Test
    void anEncryptedCopyWhoseManifestNamesAnotherBackupIsRefused() throws Exception {
        givenCopy(KEY, ARCHIVE);

        offsite.put(OffsiteCopies.manifestKey(KEY), new ByteArrayInputStream(
                new com.aquastream.backup.events.EventCodec().encode(backup())));

        assertThatThrownBy(() -> read(new OffsiteCopies(offsite, K1).plaintextView(), KEY))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("failed authentication");
    }

    @Test
    void theRecordNamesTheBoundFormat() throws Exception {
        givenPrimaryArchive(ARCHIVE);

        BackupReplicated record = new OffsiteCopies(offsite, K1).copyFrom(primary, backup(), KEY, "s3://x",
                Instant.EPOCH);

        assertThat(record.encryption()).isEqualTo(OffsiteEncryption.SCHEME).isEqualTo("tink-streaming-aead");
        assertThat(record.keyId()).isEqualTo(K1.primaryKeyId().orElseThrow()).startsWith("tink-");
    }

    @Test
    void aCopyWrittenInTheLegacyFormatStillReadsWithItsKeyButIsNoCorrectCopy() throws Exception {
        String key = Keysets.LEGACY_FIXTURE_CONTEXT.objectKey();
        byte[] plaintext = Keysets.legacyFixturePlaintext().getBytes(StandardCharsets.UTF_8);
        BackupCompleted backup = givenCopy(key, plaintext);
        BackupCompleted legacy = new BackupCompleted(backup.eventId(), backup.occurredAt(), backup.database(),
                backup.schema(), backup.requestId(), UUID.fromString(Keysets.LEGACY_FIXTURE_CONTEXT.backupId()),
                backup.tiers(), backup.objects(), backup.store(), backup.sizeBytes(), backup.sha256(),
                backup.compression(), backup.format(), backup.startedAt(), backup.finishedAt(), backup.serverVersion(),
                backup.toolVersion(), backup.tableRowCounts());
        offsite.put(key, new ByteArrayInputStream(Keysets.legacyFixture()));
        offsite.put(OffsiteCopies.manifestKey(key), new ByteArrayInputStream(
                new com.aquastream.backup.events.EventCodec().encode(legacy)));
        Keyring rotatedToTink = Keyring.of(KEYSET, List.of(Keysets.LEGACY_FIXTURE_KEY));

        byte[] read = read(new OffsiteCopies(offsite, rotatedToTink).plaintextView(), key);

        assertThat(Sha256.of(read)).isEqualTo(Keysets.LEGACY_FIXTURE_PLAINTEXT_SHA256);
        assertThat(new OffsiteCopies(offsite, rotatedToTink).correctCopy(key, legacy.backupId(), legacy.sha256()))
                .isEmpty();
        assertThatThrownBy(() -> read(new OffsiteCopies(offsite, K1).plaintextView(), key))
                .isInstanceOf(UnknownKeyException.class).hasMessageContaining("'legacy-2026'");
    }

    @Test
    void aCopyEncryptedInFormatVersion1IsReadOnlyWhereExplicitlyAccepted() throws Exception {
        BackupCompleted backup = givenCopy(KEY, ARCHIVE);
        offsite.put(KEY, new ByteArrayInputStream(Base64.getDecoder().decode(V1_GOLDEN)));
        Keyring sevens = Keyring.legacy(List.of(key("k1", 7)));

        byte[] accepted = new OffsiteCopies(offsite, sevens, true).openPlaintext(KEY).readAllBytes();

        assertThat(new String(accepted, StandardCharsets.UTF_8))
                .isEqualTo("a v1 copy, written before format v2 existed\n".repeat(3));
        assertThatThrownBy(() -> new OffsiteCopies(offsite, sevens).openPlaintext(KEY).readAllBytes())
                .isInstanceOf(UnboundStreamException.class);
        assertThat(new OffsiteCopies(offsite, sevens, true).correctCopy(KEY, backup.backupId(), backup.sha256()))
                .isEmpty();
    }

    private BackupCompleted givenCopy(String key, byte[] archive) throws Exception {
        return givenCopyWith(K1, key, archive);
    }

    private BackupCompleted givenCopyWith(Keyring keyring, String key, byte[] archive) throws Exception {
        primary.put(key, new ByteArrayInputStream(archive));
        BackupCompleted backup = backup(key, archive);
        new OffsiteCopies(offsite, keyring).copyFrom(primary, backup, key, "s3://x", Instant.EPOCH);
        return backup;
    }

    private void givenPrimaryArchive(byte[] bytes) throws Exception {
        primary.put(KEY, new ByteArrayInputStream(bytes));
    }

    private static BackupCompleted backup() {
        return backup(KEY, ARCHIVE);
    }

    private static BackupCompleted backup(String key, byte[] archive) {
        Instant at = Instant.parse("2025-08-17T02:00:00Z");
        return new BackupCompleted(UUID.randomUUID(), at, "app", "user", UUID.randomUUID(), UUID.randomUUID(),
                List.of(Tier.WEEKLY), List.of(new StoredObject(Tier.WEEKLY, key)), "memory", archive.length,
                Sha256.of(archive), "gzip", "pg_dump-custom", at, at, "15", "pg_dump 15", Map.of("accounts", 1L));
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
