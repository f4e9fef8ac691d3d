package com.aquastream.backup.restore.recovery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.restore.recovery.ArchiveFetcher.ArchiveRejectedException;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsiteFallbackArchiveFetcherTest {

    private static final String KEY = "postgres/app/weekly_user_2025-33.dump.gz";
    private static final byte[] ARCHIVE = "a pg_dump archive, gzipped".getBytes(StandardCharsets.UTF_8);
    private static final Keyring KEYRING = Keyring.of(Keyring.newKeyset(), List.of());

    @TempDir
    Path dir;
    private FilesystemObjectStore primary;
    private FilesystemObjectStore offsite;
    private BackupCompleted backup;

    @BeforeEach
    void givenABackupOnThePrimaryAndItsEncryptedOffsiteCopy() throws Exception {
        primary = new FilesystemObjectStore(dir.resolve("primary"));
        offsite = new FilesystemObjectStore(dir.resolve("offsite"));
        Instant at = Instant.parse("2025-08-17T02:00:00Z");
        backup = new BackupCompleted(UUID.randomUUID(), at, "app", "user", UUID.randomUUID(), UUID.randomUUID(),
                List.of(Tier.WEEKLY), List.of(new StoredObject(Tier.WEEKLY, KEY)), "filesystem", ARCHIVE.length,
                Sha256.of(ARCHIVE), "gzip", "pg_dump-custom", at, at, "15", "pg_dump 15", Map.of("accounts", 3L));
        primary.put(KEY, new ByteArrayInputStream(ARCHIVE));
        primary.put(BackupNaming.sidecarKey(KEY), new ByteArrayInputStream(
                Sidecars.format(backup.sha256(), KEY).getBytes(StandardCharsets.UTF_8)));
        primary.put(OffsiteCopies.manifestKey(KEY), new ByteArrayInputStream(new EventCodec().encode(backup)));
        new OffsiteCopies(offsite, KEYRING).copyFrom(primary, backup, KEY, "s3://offsite", at);
    }

    @Test
    void takesThePrimaryWhileItHoldsTheArchive() throws Exception {
        VerifiedArchive archive = fetcher(KEYRING).fetch(KEY);

        assertThat(Files.readAllBytes(archive.file())).isEqualTo(ARCHIVE);
    }

    @Test
    void decryptsAndVerifiesTheOffsiteCopyOnceThePrimaryLostIt() throws Exception {
        primary.delete(KEY);
        primary.delete(OffsiteCopies.manifestKey(KEY));

        VerifiedArchive archive = fetcher(KEYRING).fetch(KEY);

        assertThat(Files.readAllBytes(archive.file())).isEqualTo(ARCHIVE);
        assertThat(archive.sha256()).isEqualTo(backup.sha256());
        assertThat(archive.backupId()).isEqualTo(backup.backupId());
    }

    @Test
    void refusesAnOffsiteCopyItHasNoKeyFor() throws Exception {
        primary.delete(KEY);

        assertThatThrownBy(() -> fetcher(Keyring.empty()).fetch(KEY))
                .isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("cannot be decrypted").hasMessageContaining("OFFSITE_ENCRYPTION_KEYSET");
    }

    @Test
    void refusesAnArchiveNeitherStoreHas() throws Exception {
        primary.delete(KEY);
        offsite.delete(KEY);

        assertThatThrownBy(() -> fetcher(KEYRING).fetch(KEY))
                .isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("neither the primary nor the offsite store");
    }

    private OffsiteFallbackArchiveFetcher fetcher(Keyring keyring) {
        Path work = dir.resolve("work");
        return new OffsiteFallbackArchiveFetcher(primary, new StoreArchiveFetcher(primary, work), () -> offsite,
                keyring, work);
    }
}
