package com.aquastream.backup.worker.backup;

import java.util.Objects;

/**
 * Sends each plan to the adapters of its kind of target: Redis instances ({@link BackupTargets#REDIS}) to the
 * snapshot archiver and its locks, every PostgreSQL database to pg_dump and advisory locks. The use case stays
 * unaware of the kinds; a new kind is one more branch here.
 */
final class TargetRouting {

    private TargetRouting() {
    }

    /** A {@link SchemaArchiver} that picks {@code redis} or {@code postgres} by the plan's database. */
    static SchemaArchiver archiver(SchemaArchiver postgres, SchemaArchiver redis) {
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(redis, "redis");
        return (plan, abort) -> BackupTargets.isRedis(plan.database())
                ? redis.archive(plan, abort) : postgres.archive(plan, abort);
    }

    /** {@link SchemaLocks} that picks {@code redis} or {@code postgres} by the database. */
    static SchemaLocks locks(SchemaLocks postgres, SchemaLocks redis) {
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(redis, "redis");
        return (database, schema, abort) -> BackupTargets.isRedis(database)
                ? redis.lock(database, schema, abort) : postgres.lock(database, schema, abort);
    }
}
