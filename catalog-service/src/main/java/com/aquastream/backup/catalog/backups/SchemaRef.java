package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.core.naming.Identifiers;

/**
 * A (database, schema) pair the platform backs up; both names are validated plain identifiers, so a {@code SchemaRef}
 * is safe to put into SQL, keys, metric tags and log lines.
 */
public record SchemaRef(String database, String schema) implements Comparable<SchemaRef> {

    public SchemaRef {
        Identifiers.requireIdentifier("database", database);
        Identifiers.requireIdentifier("schema", schema);
    }

    /** The Kafka message key and the advisory-lock name: {@code {database}.{schema}}. */
    public String key() {
        return database + "." + schema;
    }

    @Override
    public int compareTo(SchemaRef other) {
        return key().compareTo(other.key());
    }

    @Override
    public String toString() {
        return key();
    }
}
