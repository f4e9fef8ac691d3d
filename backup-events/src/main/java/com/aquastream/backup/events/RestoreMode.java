package com.aquastream.backup.events;

/** RESTORE replaces the target schema; VERIFY restores into a scratch database and compares row counts. */
public enum RestoreMode {
    RESTORE, VERIFY
}
