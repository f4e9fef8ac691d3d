package com.aquastream.backup.worker.backup;

/**
 * Dumps one schema and stores the archive under every key of a plan, with the exact row counts of the dump's
 * snapshot. Expected failures are returned as {@link ArchiveOutcome.Failed}, never thrown.
 */
public interface SchemaArchiver {

    ArchiveOutcome archive(BackupPlan plan, AbortSignal abort);
}
