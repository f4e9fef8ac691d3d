package com.aquastream.backup.catalog.backups;

import java.time.Instant;

/**
 * Follow-up work after a schema's history gained a completed backup, run inside the same transaction (retention
 * applies itself here, so a completion and the expiries it causes commit together).
 */
@FunctionalInterface
public interface SchemaChanges {

    void completed(SchemaRef schema, Instant now);

    SchemaChanges NONE = (schema, now) -> { };
}
