package com.aquastream.backup.catalog.schedule;

import java.time.Instant;
import java.util.Optional;

/** When scheduled backups are due (a cron in production); {@link #NONE} for an environment without a schedule. */
@FunctionalInterface
public interface SlotCalendar {

    /** The most recent slot at or before {@code now}, or empty if there is none (or no schedule). */
    Optional<Instant> latestSlotAtOrBefore(Instant now);

    SlotCalendar NONE = now -> Optional.empty();
}
