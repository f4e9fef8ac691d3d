package com.aquastream.backup.catalog.backups;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The requests the backup-worker refused, one {@link Refusal} per (database, schema). Bounded: it keeps the
 * {@link #KEPT} schemas refused most recently, since whoever may write {@code backup.requested} chooses the names.
 * Runs in the caller's transaction.
 */
public interface RefusalLog {

    /** How many schemas' refusals are kept (the ones refused most recently). */
    int KEPT = 1000;

    /** Counts one refused request of {@code schema}, recorded at {@code at}, as the schema's newest. */
    void record(SchemaRef schema, UUID requestId, String reason, Instant at);

    /** The schemas refused most recently first, at most {@code limit}. */
    List<Refusal> recent(int limit);
}
