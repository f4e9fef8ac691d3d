package com.aquastream.backup.catalog.backups;

/** Whether an object key still holds a backup ({@link #ACTIVE}) or retention expired it ({@link #EXPIRED}). */
public enum ObjectStatus {
    ACTIVE, EXPIRED
}
