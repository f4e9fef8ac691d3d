package com.aquastream.backup.worker.backup.redis;

import com.aquastream.backup.core.pipeline.ArchiveWriter;
import com.aquastream.backup.core.pipeline.StagedArchive;
import com.aquastream.backup.core.pipeline.StoredArchive;
import com.aquastream.backup.core.redis.KeyCountingStream;
import com.aquastream.backup.core.redis.RdbSnapshot;
import com.aquastream.backup.core.redis.RedisCommandException;
import com.aquastream.backup.core.redis.RedisConnection;
import com.aquastream.backup.core.redis.RedisEndpoint;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.worker.backup.AbortSignal;
import com.aquastream.backup.worker.backup.ArchiveOutcome;
import com.aquastream.backup.worker.backup.BackupPlan;
import com.aquastream.backup.worker.backup.SchemaArchiver;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaArchiver} for Redis instances: the plan's "schema" is the instance name. Takes an RDB snapshot
 * remotely with the replication protocol ({@link RdbSnapshot}, like {@code redis-cli --rdb}; a BGSAVE in progress is
 * waited for) and streams it through compression and SHA-256 into the store's staging area; once the keys are
 * counted it publishes the archive under its final key, so a failed or aborted snapshot never shows there.
 *
 * <p>The key counts ({@code tableRowCounts}, {@code db0 → n}) are the snapshot's own, exact: its keys are counted
 * while it streams to the store ({@link KeyCountingStream}), keys with a TTL included. Only a snapshot holding
 * something the counter cannot read (a newer RDB format) falls back to {@code INFO keyspace} read just before the
 * sync, which is exact for an idle instance and close for a busy one; the log says so.
 */
public final class RedisSnapshotArchiver implements SchemaArchiver {

    /** What a {@code backup.completed} of this archiver calls its archives. */
    static final String FORMAT = "redis-rdb";
    /** The "tool": this worker's own replication client (no redis-cli involved). */
    static final String TOOL_VERSION = "redis-rdb-sync/1";

    private static final Logger log = LoggerFactory.getLogger(RedisSnapshotArchiver.class);
    /** The counter reads the last chunk after the store has it; it is only ever a moment behind. */
    private static final long COUNT_WAIT_SECONDS = 30;

    private final Map<String, RedisEndpoint> instances;
    private final ArchiveWriter pipeline;
    private final ObjectStore store;
    private final int compressionLevel;
    private final Clock clock;

    public RedisSnapshotArchiver(Map<String, RedisEndpoint> instances, ArchiveWriter pipeline, ObjectStore store,
                                 int compressionLevel, Clock clock) {
        this.instances = Map.copyOf(instances);
        this.pipeline = pipeline;
        this.store = store;
        this.compressionLevel = compressionLevel;
        this.clock = clock;
    }

    @Override
    public ArchiveOutcome archive(BackupPlan plan, AbortSignal abort) {
        String instance = plan.schema();
        RedisEndpoint endpoint = instances.get(instance);
        if (endpoint == null) {
            return new ArchiveOutcome.Failed("Redis instance " + instance + " is not configured", false);
        }
        Instant startedAt = clock.instant();
        try {
            ServerFacts facts = serverFacts(endpoint);
            try (RdbSnapshot snapshot = RdbSnapshot.open(endpoint);
                 KeyCountingStream counted = new KeyCountingStream(snapshot.stream(), instance)) {
                abort.onAbort(snapshot::abort);
                try (StagedArchive staged = pipeline.stage(counted, plan.compression(), compressionLevel, store,
                        plan.stagingArea())) {
                    Map<String, Long> keyCounts = keyCounts(instance, counted, facts);
                    if (abort.isAborted()) {
                        return new ArchiveOutcome.Aborted();
                    }
                    StoredArchive stored = staged.publish(plan.keys());
                    return new ArchiveOutcome.Archived(stored.sizeBytes(), stored.sha256Hex(), startedAt,
                            clock.instant(), facts.version(), TOOL_VERSION, keyCounts, FORMAT);
                }
            }
        } catch (RedisCommandException e) {
            return abort.isAborted() ? new ArchiveOutcome.Aborted()
                    : new ArchiveOutcome.Failed("Redis " + instance + " (" + endpoint.address() + ") refused: "
                    + e.getMessage(), !e.isAuthenticationFailure());
        } catch (IOException e) {
            // Unreachable, a dropped link or a store fault: nothing is under a final key, and a retry may succeed.
            return abort.isAborted() ? new ArchiveOutcome.Aborted()
                    : new ArchiveOutcome.Failed("Redis " + instance + " (" + endpoint.address() + "): "
                    + describe(e), true);
        }
    }

    private static Map<String, Long> keyCounts(String instance, KeyCountingStream counted, ServerFacts facts) {
        return counted.keysPerDatabase(COUNT_WAIT_SECONDS, TimeUnit.SECONDS).orElseGet(() -> {
            log.warn("the keys of Redis {}'s snapshot could not be counted ({}); recording INFO keyspace's counts,"
                    + " which a busy instance may have changed meanwhile", instance,
                    counted.countingProblem().orElse("the counter did not finish"));
            return facts.keysPerDatabase();
        });
    }

    private record ServerFacts(String version, Map<String, Long> keysPerDatabase) {
    }

    private static ServerFacts serverFacts(RedisEndpoint endpoint) throws IOException {
        try (RedisConnection c = RedisConnection.open(endpoint)) {
            String version = c.info("server").getOrDefault("redis_version", "unknown");
            return new ServerFacts(version, RdbSnapshot.keysPerDatabase(c.info("keyspace")));
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
