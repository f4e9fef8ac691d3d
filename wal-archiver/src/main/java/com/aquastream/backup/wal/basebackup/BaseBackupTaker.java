package com.aquastream.backup.wal.basebackup;

import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.PgBaseBackup;
import java.io.IOException;
import java.util.UUID;

/**
 * Takes one base backup of a cluster into the store (backup-core {@link PgBaseBackup#take}); a port, so the use case
 * is tested without a server.
 */
@FunctionalInterface
public interface BaseBackupTaker {

    /** @throws IOException when pg_basebackup, the server or the store failed (worth another attempt) */
    BaseBackupResult take(String cluster, PgBaseBackup.Source source, UUID backupId) throws IOException;
}
