package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's descriptions of base backups: written last, read back, and never trusted to point elsewhere. */
class BaseBackupsTest {

    @TempDir
    Path temp;

    @Test
    void listsDescribedBackupsOldestFirstAndPicksTheNewestFinishedBeforeATarget() throws Exception {
        ObjectStore store = new FilesystemObjectStore(temp);
        BaseBackupResult older = describe(store, "main", Instant.parse("2026-12-01T01:00:00Z"));
        BaseBackupResult newer = describe(store, "main", Instant.parse("2026-12-06T01:00:00Z"));
        describe(store, "other", Instant.parse("2026-12-05T01:00:00Z"));

        assertThat(BaseBackups.list(store, "main")).containsExactly(older, newer);
        assertThat(BaseBackups.newestBefore(store, "main", Instant.parse("2026-12-06T01:00:05Z"))).contains(older);
        assertThat(BaseBackups.newestBefore(store, "main", Instant.parse("2026-12-06T02:00:00Z"))).contains(newer);
        assertThat(BaseBackups.newestBefore(store, "main", Instant.parse("2026-12-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void skipsADescriptionThatNamesAnArchiveOutsideItsFolderOrIsMalformed() throws Exception {
        ObjectStore store = new FilesystemObjectStore(temp);
        BaseBackupResult genuine = describe(store, "main", Instant.parse("2026-12-01T01:00:00Z"));
        String forged = BaseBackupKeys.folder("main", Instant.parse("2026-12-02T01:00:00Z"), UUID.randomUUID());
        store.put(BaseBackupKeys.infoKey(forged), new ByteArrayInputStream(("cluster=main\nbackupId="
                + UUID.randomUUID() + "\nkey=postgres/app/user_20261201.dump.gz\ntimeline=1\nstartLsn=0/2000028\n"
                + "endLsn=0/2000100\nstartedAt=2026-12-02T01:00:00Z\nfinishedAt=2026-12-02T01:00:10Z\n"
                + "sizeBytes=1\nsha256=ab\ncompression=gzip\ntoolVersion=x\n").getBytes(StandardCharsets.UTF_8)));
        String garbled = BaseBackupKeys.folder("main", Instant.parse("2026-12-03T01:00:00Z"), UUID.randomUUID());
        store.put(BaseBackupKeys.infoKey(garbled), new ByteArrayInputStream("timeline=x".getBytes()));

        assertThat(BaseBackups.list(store, "main")).containsExactly(genuine);
    }

    private static BaseBackupResult describe(ObjectStore store, String cluster, Instant startedAt) throws Exception {
        UUID id = UUID.randomUUID();
        String folder = BaseBackupKeys.folder(cluster, startedAt, id);
        BaseBackupResult result = new BaseBackupResult(cluster, id, BaseBackupKeys.archiveKey(folder,
                com.aquastream.backup.core.compress.Compression.GZIP), 1, Lsn.parse("0/2000028"),
                Lsn.parse("0/2000100"), startedAt, startedAt.plusSeconds(10), 1234, "ab".repeat(32), "gzip", "15.8",
                "pg_basebackup (PostgreSQL) 15.8", true);
        BaseBackups.describe(store, folder, result);
        return result;
    }
}
