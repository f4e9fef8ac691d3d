package com.aquastream.backup.catalog.restores;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The restores the catalog issued or heard of. Callers run these inside {@code Transactions#inTransaction}. */
public interface RestoreLog {

    /** Inserts or replaces the row of {@code restore.restoreId()}. */
    void save(Restore restore);

    Optional<Restore> find(UUID restoreId);

    /** The restores of one restore-all, by schema. */
    List<Restore> ofBatch(UUID batchId);

    /** The most recently changed restores, newest first. */
    List<Restore> recent(int limit);

    /** Blocks until no other catalog instance is issuing verification drills; held until the transaction ends. */
    void lockDrills();
}
