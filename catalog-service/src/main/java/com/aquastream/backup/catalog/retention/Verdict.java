package com.aquastream.backup.catalog.retention;

/** What retention decides for an object or a backup. */
public enum Verdict {
    KEEP, EXPIRE
}
