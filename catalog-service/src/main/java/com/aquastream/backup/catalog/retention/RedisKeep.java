package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.events.Tier;

/**
 * How many Redis snapshots retention keeps for one instance (database {@code redis}), count-based like
 * {@link Keep}: the newest {@code hourly} scheduled snapshots, plus the newest snapshot of each of the newest
 * {@code daily} UTC days and of each of the newest {@code weekly} ISO weeks that have one, plus the newest
 * {@code manual} / {@code preRestore} of those tiers. The defaults, 24 / 7 / 4, keep a day of the manual's hourly
 * snapshots ({@code save "3600 1"}), a week of dailies and a month of weeklies.
 *
 * <p>Why its own counts: a Redis instance is snapshotted every hour, so the PostgreSQL policy (7 of a tier) would keep
 * only seven hours. On the wire every scheduled snapshot is tier DAILY (the contract has no hourly tier, and a Redis
 * backup is one object whatever its tiers); the hourly/daily/weekly classes are the catalog's reading of them.
 */
record RedisKeep(int hourly, int daily, int weekly, int manual, int preRestore) {

    static final RedisKeep DEFAULT = new RedisKeep(24, 7, 4, 10, 5);

    RedisKeep {
        if (hourly < 1 || manual < 1 || preRestore < 1) {
            // Why: "keep none" would delete every snapshot of the class the moment it exists.
            throw new IllegalArgumentException("Redis retention must keep at least 1 hourly, manual and pre-restore"
                    + " snapshot, was " + hourly + "/" + manual + "/" + preRestore);
        }
        if (daily < 0 || weekly < 0) {
            throw new IllegalArgumentException("Redis daily and weekly counts cannot be negative");
        }
    }

    /** The count of an on-demand tier (MANUAL, PRE_RESTORE). */
    int ofOnDemand(Tier tier) {
        return tier == Tier.PRE_RESTORE ? preRestore : manual;
    }

    /** Whether an object of this tier is a scheduled snapshot (any of DAILY, WEEKLY, MONTHLY). */
    static boolean isScheduled(Tier tier) {
        return tier == Tier.DAILY || tier == Tier.WEEKLY || tier == Tier.MONTHLY;
    }
}
