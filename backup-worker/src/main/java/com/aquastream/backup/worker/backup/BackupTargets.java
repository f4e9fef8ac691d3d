package com.aquastream.backup.worker.backup;

import java.util.Map;
import java.util.Set;

/**
 * Which schemas this worker pool backs up.
 *
 * <p>{@code databases} lists every schema the platform knows (anything else is refused). A dedicated pool sets
 * {@code onlySchemas} and its own consumer group; the default pool lists those schemas in {@code excludedSchemas}
 * and leaves them alone. Redis instances are listed under the database {@link #REDIS}.
 */
record BackupTargets(Map<String, Set<String>> databases, Set<String> onlySchemas, Set<String> excludedSchemas) {

    /**
     * The pseudo-database of Redis targets: its "schemas" are the configured instance names, so a request with
     * {@code database = "redis"} and an unknown instance is refused like an unknown schema.
     */
    static final String REDIS = "redis";

    /** How this pool relates to a requested schema. */
    enum Claim {
        /** This pool backs it up. */
        SERVE,
        /** A known schema another pool is responsible for. */
        OTHER_POOL,
        /** Not configured anywhere: the request is refused. */
        UNKNOWN
    }

    BackupTargets {
        databases = Map.copyOf(databases);
        onlySchemas = Set.copyOf(onlySchemas);
        excludedSchemas = Set.copyOf(excludedSchemas);
    }

    static boolean isRedis(String database) {
        return REDIS.equals(database);
    }

    Claim claim(String database, String schema) {
        Set<String> schemas = databases.get(database);
        if (schemas == null || !schemas.contains(schema)) {
            return Claim.UNKNOWN;
        }
        if (excludedSchemas.contains(schema) || (!onlySchemas.isEmpty() && !onlySchemas.contains(schema))) {
            return Claim.OTHER_POOL;
        }
        return Claim.SERVE;
    }
}
