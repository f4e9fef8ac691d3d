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

    /**
     * A result was refused as untrusted ({@link ResultTrust}): nothing of it was recorded, and it goes to the
     * dead-letter topic.
     *
     * @param topic  the result's topic
     * @param reason why, naming the field; the times in it are the bus's, the names validated identifiers
     */
    default void untrusted(String topic, SchemaRef schema, String reason) {
    }

    /** Ignores everything, for tests and tools that need no metrics. */
    BackupOutcomes NONE = backup -> { };
}
