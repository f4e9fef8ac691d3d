package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Backups and result events in domain language, shaped like the worker's (keys named from the slot). */
public final class CatalogFixtures {

    public static final String DATABASE = "aquastream";

    private CatalogFixtures() {
    }

    /** The manual's six schemas of {@code aquastream}: the default configuration's targets. */
    public static Targets theManualsTargets() {
        return new Targets(List.of("user", "event", "crew", "payment", "notification", "media").stream()
                .map(CatalogFixtures::aSchema).toList());
    }

    /** What the worker answers to a request of a schema it is not configured for: a refusal, attempt 0. */
    public static BackupFailed aRefusalOf(SchemaRef schema, UUID requestId) {
        return aRefusalOf(schema, requestId, Instant.parse("2025-08-17T02:30:00Z"));
    }

    /** A refusal answered at {@code at} (the catalog refuses results stamped after its own clock). */
    public static BackupFailed aRefusalOf(SchemaRef schema, UUID requestId, Instant at) {
        return new BackupFailed(UUID.randomUUID(), at, schema.database(),
                schema.schema(), requestId, 0, false, "rejected: schema " + schema.schema() + " of database "
                        + schema.database() + " is not configured for backup");
    }

    public static SchemaRef aSchema(String schema) {
        return new SchemaRef(DATABASE, schema);
    }

    /** What the worker announces for a scheduled request of {@code slot} with these tiers. */
    public static BackupCompleted aCompletionOf(SchemaRef schema, Instant slot, Tier... tiers) {
        UUID requestId = BackupIds.scheduledRequest(schema, slot);
        List<StoredObject> objects = List.of(tiers).stream()
                .map(t -> new StoredObject(t, BackupNaming.objectKey(schema.database(), schema.schema(), t, slot,
                        Compression.GZIP)))
                .toList();
        return new BackupCompleted(UUID.randomUUID(), slot.plusSeconds(200), schema.database(), schema.schema(),
                requestId, BackupIds.backupOf(requestId), List.of(tiers), objects, "filesystem", 1234L,
                "ab".repeat(32), "gzip", "pg_dump-custom", slot.plusSeconds(1), slot.plusSeconds(121), "15.20",
                "pg_dump (PostgreSQL) 15.20", Map.of("accounts", 10L));
    }

    /** What the worker announces for a scheduled Redis snapshot of {@code slot}: one object, tier DAILY. */
    public static BackupCompleted aRedisSnapshotOf(String instance, Instant slot) {
        SchemaRef schema = new SchemaRef("redis", instance);
        UUID requestId = BackupIds.scheduledRequest(schema, slot);
        return new BackupCompleted(UUID.randomUUID(), slot.plusSeconds(20), schema.database(), schema.schema(),
                requestId, BackupIds.backupOf(requestId), List.of(Tier.DAILY),
                List.of(new StoredObject(Tier.DAILY, BackupNaming.redisKey(instance, slot, Compression.GZIP))),
                "filesystem", 4096L, "cd".repeat(32), "gzip", "redis-rdb", slot.plusSeconds(1), slot.plusSeconds(11),
                "7.0.15", "redis-rdb", Map.of("db0", 42L));
    }

    /** The same completion announced again, as the worker does for a redelivered request: new event id. */
    public static BackupCompleted reAnnounced(BackupCompleted c) {
        return new BackupCompleted(UUID.randomUUID(), c.occurredAt().plus(Duration.ofMinutes(5)), c.database(),
                c.schema(), c.requestId(), c.backupId(), c.tiers(), c.objects(), c.store(), c.sizeBytes(), c.sha256(),
                c.compression(), c.format(), c.startedAt(), c.finishedAt(), c.serverVersion(), c.toolVersion(),
                c.tableRowCounts());
    }

    public static BackupFailed aFailureOf(SchemaRef schema, Instant slot) {
        return new BackupFailed(UUID.randomUUID(), slot.plusSeconds(600), schema.database(), schema.schema(),
                BackupIds.scheduledRequest(schema, slot), 3, true, "connection refused");
    }
}
