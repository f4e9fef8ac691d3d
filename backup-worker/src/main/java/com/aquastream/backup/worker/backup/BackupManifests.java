package com.aquastream.backup.worker.backup;

import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.events.BackupCompleted;
import java.util.List;
import java.util.Optional;

/**
 * The announcement of a stored backup, kept beside each of its objects ({@code {key}.manifest.json}). It is written
 * after the objects and sidecars and before the event, so a request redelivered after a crash re-announces the
 * stored backup instead of dumping again; the restore-worker checks an archive against it; and it lets an operator
 * rebuild a catalog from the store alone.
 */
public interface BackupManifests {

    static String keyOf(String primaryKey) {
        return BackupNaming.manifestKey(primaryKey);
    }

    Optional<BackupCompleted> find(String key);

    void save(String key, BackupCompleted completed);

    /**
     * Every object key under {@code area} (a schema's {@code postgres/{database}/}) that has a manifest: the backups
     * announced there, in no particular order.
     */
    List<String> announcedKeys(String area);
}
