package com.aquastream.backup.catalog.schedule;

import com.aquastream.backup.catalog.backups.SchemaRef;
import java.time.Instant;
import java.util.UUID;

/**
 * What the scheduler remembers between ticks, shared by every catalog instance: which slots were requested, and
 * whether a week or month already has its long-lived copy. Used inside one transaction per tick.
 */
public interface ScheduleBook {

    /** Blocks until no other instance is ticking; held until the current transaction ends. */
    void lockTicks();

    boolean isScheduled(SchemaRef schema, Instant slot);

    /** Records the slot as requested; a second record of the same (schema, slot) fails (unique). */
    void recordScheduled(SchemaRef schema, Instant slot, UUID requestId);

    /**
     * Whether a completed backup of the schema holds an object whose key starts with {@code keyStem} (e.g.
     * {@code postgres/aquastream/weekly_user_2025-33.dump}: any compression).
     */
    boolean hasLiveObject(SchemaRef schema, String keyStem);
}
