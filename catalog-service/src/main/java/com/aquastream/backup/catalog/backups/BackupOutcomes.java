package com.aquastream.backup.catalog.backups;

/** Told about every result the catalog recorded for the first time, after it was committed (metrics). */
public interface BackupOutcomes {

    void recorded(Backup backup);

    /** Ignores everything, for tests and tools that need no metrics. */
    BackupOutcomes NONE = backup -> { };
}
