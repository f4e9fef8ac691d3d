package com.aquastream.backup.catalog.backups;

/**
 * Told about every result the catalog recorded for the first time, and every refused request, after it was committed
 * (metrics).
 */
public interface BackupOutcomes {

    void recorded(Backup backup);

    /**
     * The worker refused a request of {@code schema} (a {@link Refusal}); told once per refusal event.
     *
     * @param target whether the schema is configured (then the refusal is also its latest, failed, backup)
     * @param reason the worker's words: untrusted text, to be escaped before it reaches a log
     */
    default void refused(SchemaRef schema, boolean target, String reason) {
    }

    /** Ignores everything, for tests and tools that need no metrics. */
    BackupOutcomes NONE = backup -> { };
}
