package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.catalog.backups.SchemaRef;
import java.util.Map;
import java.util.Objects;

/** The counts to keep: one default, optionally overridden per schema. */
public record RetentionSettings(Keep defaults, Map<SchemaRef, Keep> perSchema) {

    public RetentionSettings {
        Objects.requireNonNull(defaults, "defaults");
        perSchema = perSchema == null ? Map.of() : Map.copyOf(perSchema);
    }

    public static RetentionSettings manualDefaults() {
        return new RetentionSettings(Keep.DEFAULT, Map.of());
    }

    public Keep keepFor(SchemaRef schema) {
        return perSchema.getOrDefault(schema, defaults);
    }
}
