package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.events.Tier;

/**
 * How many objects of each tier retention keeps for one schema: the newest N, counted per tier, never by age.
 * The manual's defaults are 7 daily, 4 weekly, 3 monthly; manual and pre-restore backups get their own counts.
 */
record Keep(int daily, int weekly, int monthly, int manual, int preRestore) {

    /** The manual's policy (7 / 4 / 3) plus 10 manual and 5 pre-restore backups. */
    static final Keep DEFAULT = new Keep(7, 4, 3, 10, 5);

    Keep {
        for (int n : new int[] {daily, weekly, monthly, manual, preRestore}) {
            if (n < 1) {
                // Why not 0: "keep none" would make retention delete every backup of a tier the moment it exists.
                throw new IllegalArgumentException("retention must keep at least 1 object per tier, was " + n);
            }
        }
    }

    int of(Tier tier) {
        return switch (tier) {
            case DAILY -> daily;
            case WEEKLY -> weekly;
            case MONTHLY -> monthly;
            case MANUAL -> manual;
            case PRE_RESTORE -> preRestore;
        };
    }
}
