package com.aquastream.backup.restore;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.pipeline.StoredArchive;
import com.aquastream.backup.core.redis.KeyCountingStream;
import com.aquastream.backup.core.redis.RdbSnapshot;
import com.aquastream.backup.core.redis.RedisConnection;
import com.aquastream.backup.core.redis.RedisEndpoint;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Redis snapshots laid out exactly as the backup-worker stores them (object, sidecar, manifest), taken the same way:
 * {@link RdbSnapshot} over the replication protocol, its keys counted on the way ({@link KeyCountingStream}).
 */
final class RedisArchiveFixtures {

    private RedisArchiveFixtures() {
    }

    /** Snapshots the instance at {@code endpoint} into {@code store}; returns the record the worker would announce. */
    static BackupCompleted aSnapshotOf(String instance, RedisEndpoint endpoint, ObjectStore store, Instant at,
                                       Compression compression) throws Exception {
        String key = BackupNaming.redisKey(instance, at, compression);
        String version;
        try (RedisConnection c = RedisConnection.open(endpoint)) {
            version = c.info("server").get("redis_version");
        }
        Map<String, Long> counts;
        StoredArchive archive;
        try (RdbSnapshot snapshot = RdbSnapshot.open(endpoint);
             KeyCountingStream counted = new KeyCountingStream(snapshot.stream(), instance)) {
            archive = new ArchivePipeline().store(counted, compression, 1, store, List.of(key));
            counts = counted.keysPerDatabase(30, TimeUnit.SECONDS).orElseThrow();
        }
        BackupCompleted completed = new BackupCompleted(UUID.randomUUID(), Instant.now(), "redis", instance,
                UUID.randomUUID(), UUID.randomUUID(), List.of(Tier.MANUAL), List.of(new StoredObject(Tier.MANUAL, key)),
                store.name(), archive.sizeBytes(), archive.sha256Hex(), compression.wireName(), "redis-rdb", at,
                Instant.now(), version, "redis-rdb-sync/1", counts);
        ArchiveFixtures.writeRecord(store, completed);
        return completed;
    }

    /** The same backup recorded with other key counts (a manifest that lies about the snapshot). */
    static BackupCompleted withCounts(BackupCompleted b, Map<String, Long> counts) {
        return new BackupCompleted(b.eventId(), b.occurredAt(), b.database(), b.schema(), b.requestId(), b.backupId(),
                b.tiers(), b.objects(), b.store(), b.sizeBytes(), b.sha256(), b.compression(), b.format(),
                b.startedAt(), b.finishedAt(), b.serverVersion(), b.toolVersion(), counts);
    }

    /** {@code count} keys {@code prefix0..} with known values in logical database {@code db}. */
    static void givenKeys(RedisEndpoint endpoint, int db, String prefix, int count) throws IOException {
        try (RedisConnection c = RedisConnection.open(endpoint)) {
            c.command("SELECT", Integer.toString(db));
            for (int i = 0; i < count; i++) {
                c.command("SET", prefix + i, "value-" + i);
            }
        }
    }
}
