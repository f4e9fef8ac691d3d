package com.aquastream.backup.alerting.alert;

import java.util.Objects;

/**
 * What an alert is about: a schema of a database (Redis: database {@code redis}, schema = instance), or with schema
 * {@value #ALL_SCHEMAS} a whole database (the scheduler-silent rule).
 */
public record Target(String database, String schema) {

    /** The schema of a database-wide alert: no single schema is at fault. */
    public static final String ALL_SCHEMAS = "*";

    public Target {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
    }

    static Target wholeDatabase(String database) {
        return new Target(database, ALL_SCHEMAS);
    }

    /** {@code database.schema}, the Kafka key of the target's events. */
    String key() {
        return database + "." + schema;
    }

    @Override
    public String toString() {
        return key();
    }
}
