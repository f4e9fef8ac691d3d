package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.Targets;
import java.util.Map;
import java.util.Objects;

/**
 * The counts to keep: one default for PostgreSQL schemas, optionally overridden per schema, and the Redis instances'
 * own ({@link RedisKeep}, for every schema of database {@code redis}).
 */
record RetentionSettings(Keep defaults, Map<SchemaRef, Keep> perSchema, RedisKeep redis) {

    RetentionSettings {
        Objects.requireNonNull(defaults, "defaults");
        perSchema = perSchema == null ? Map.of() : Map.copyOf(perSchema);
        redis = redis == null ? RedisKeep.DEFAULT : redis;
    }

    RetentionSettings(Keep defaults, Map<SchemaRef, Keep> perSchema) {
        this(defaults, perSchema, RedisKeep.DEFAULT);
    }

    static RetentionSettings manualDefaults() {
        return new RetentionSettings(Keep.DEFAULT, Map.of(), RedisKeep.DEFAULT);
    }

    static boolean isRedis(SchemaRef schema) {
        return Targets.REDIS.equals(schema.database());
    }

    Keep keepFor(SchemaRef schema) {
        return perSchema.getOrDefault(schema, defaults);
    }
}
