package com.aquastream.backup.offsite.reconcile;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/** The catalog's view of the backups: what the stores should hold (the catalog-service's {@code GET /api/backups}). */
public interface CatalogBackups {

    /**
     * The backups of {@code database} (all databases when {@code null}), any status.
     *
     * @throws IOException when the catalog cannot be read
     */
    Listing list(String database) throws IOException;

    /** @param truncated whether the catalog returned only part of the backups (its page limit was reached) */
    record Listing(List<Backup> backups, boolean truncated) {
    }

    /**
     * One backup as recorded.
     *
     * @param status  {@code COMPLETED}, {@code FAILED}, {@code EXPIRED} or {@code CORRUPT}
     * @param sha256  SHA-256 of the archive's bytes as written by the backup-worker (every object of the backup)
     * @param objects the keys it was stored under, with tier and {@code ACTIVE}/{@code EXPIRED}
     */
    record Backup(UUID backupId, String database, String schema, String status, String sha256,
                  List<StoredKey> objects) {
    }

    record StoredKey(String key, String tier, String status) {

        public boolean active() {
            return "ACTIVE".equals(status);
        }
    }
}
