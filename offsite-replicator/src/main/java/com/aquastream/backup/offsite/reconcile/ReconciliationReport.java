package com.aquastream.backup.offsite.reconcile;

import java.util.List;

/**
 * The outcome of one reconciliation.
 *
 * @param database         the database reconciled, or {@code null} for all
 * @param backupsInCatalog backups the catalog listed
 * @param primaryChecked   archives in the primary whose bytes were read and hashed
 * @param offsiteChecked   archives offsite whose bytes were read, decrypted where encrypted, and hashed
 * @param catalogTruncated the catalog listed only part of the backups, so "extra" findings may be false
 * @param differences      everything that disagrees, in a stable order
 */
public record ReconciliationReport(String database, int backupsInCatalog, int primaryChecked, int offsiteChecked,
                                   boolean catalogTruncated, List<Difference> differences) {

    public boolean consistent() {
        return differences.isEmpty();
    }
}
