package com.aquastream.backup.catalog.backups;

/** What handling one result event did to the catalog. */
public enum Recorded {
    /** The event added or changed a backup. */
    NEW,
    /** The event id was handled before (redelivery): nothing changed. */
    DUPLICATE_EVENT,
    /** A new event about a backup the catalog already knows in that state (a re-announcement): nothing changed. */
    ALREADY_KNOWN,
    /**
     * The worker refused a request of a schema that is not configured: the refusal is remembered and counted, and
     * nothing else changes (no backup, so the schema does not become a target).
     */
    REFUSED
}
