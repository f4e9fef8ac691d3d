package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.catalog.backups.SchemaRef;
import java.util.Map;
import java.util.Objects;

/**
 * The counts to keep: one default for PostgreSQL schemas, optionally overridden per schema, and the Redis instances'
 * own ({@link RedisKeep}, for every schema of database {@code redis}).
 */
public record RetentionSettings(Keep defaults, Map<SchemaRef, Keep> perSchema, RedisKeep redis) {

    /** The database name of Redis targets (their schema is the instance name). */
    public static final String REDIS = "redis";

    public RetentionSettings {
        Objects.requireNonNull(defaults, "defaults");
        perSchema = perSchema == null ? Map.of() : Map.copyOf(perSchema);
        redis = redis == null ? RedisKeep.DEFAULT : redis;
    }

    public RetentionSettings(Keep defaults, Map<SchemaRef, Keep> perSchema) {
        this(defaults, perSchema, RedisKeep.DEFAULT);
    }

    public static RetentionSettings manualDefaults() {
        return new RetentionSettings(Keep.DEFAULT, Map.of(), RedisKeep.DEFAULT);
    }

    public static boolean isRedis(SchemaRef schema) {
        return REDIS.equals(schema.database());
    }

    public Keep keepFor(SchemaRef schema) {
        return perSchema.getOrDefault(schema, defaults);
    }
}
