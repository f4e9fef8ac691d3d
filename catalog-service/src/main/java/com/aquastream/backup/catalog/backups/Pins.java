package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.core.platform.Transactions;
import java.util.Optional;
import java.util.UUID;

/** Pinning: an operator keeps one backup forever, outside retention's counts (see the retention policy). */
public final class Pins {

    private final BackupCatalog catalog;
    private final Transactions transactions;

    Pins(BackupCatalog catalog, Transactions transactions) {
        this.catalog = catalog;
        this.transactions = transactions;
    }

    /**
     * Pins or unpins a backup.
     *
     * @return the backup as it is now, or empty if the catalog does not know it
     * @throws IllegalStateException when pinning a backup that has no data any more (expired or failed)
     */
    public Optional<Backup> set(UUID backupId, boolean pinned) {
        return transactions.inTransaction(() -> catalog.find(backupId).map(backup -> {
            catalog.lockSchema(new SchemaRef(backup.database(), backup.schema()));
            if (pinned && (backup.status() == BackupStatus.EXPIRED || backup.status() == BackupStatus.FAILED)) {
                throw new IllegalStateException("backup " + backupId + " is " + backup.status()
                        + ": there is nothing to keep");
            }
            Backup changed = backup.withPinned(pinned);
            catalog.save(changed);
            return changed;
        }));
    }
}
