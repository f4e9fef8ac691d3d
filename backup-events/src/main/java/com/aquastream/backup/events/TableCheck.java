package com.aquastream.backup.events;

/** Rows of one table expected from the backup's record versus found after a restore. */
public record TableCheck(String table, long expected, long found) {

    public boolean matches() {
        return expected == found;
    }
}
