package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.restore.recovery.ArchiveFetcher.ArchiveRejectedException;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * Finds the archive a command means when it does not name one: the backup with a given id, or a schema's newest
 * backup (at or before a time). The store's backup records are the source, so the restore-worker needs nothing but
 * the store, even when the catalog is lost.
 */
public interface ArchiveLocator {

    /**
     * @param backupId the backup to find; {@code null} for the newest
     * @param asOf     with no backup id: the newest backup finished at or before this; {@code null} for the newest
     * @return the key of the backup's primary object
     * @throws ArchiveRejectedException when no such backup exists
     * @throws IOException              when the store cannot be listed (transient: the command is retried)
     */
    String locate(String database, String schema, UUID backupId, Instant asOf)
            throws ArchiveRejectedException, IOException;
}
