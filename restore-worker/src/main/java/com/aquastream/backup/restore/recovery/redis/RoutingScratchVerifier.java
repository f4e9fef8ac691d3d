package com.aquastream.backup.restore.recovery.redis;

import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.ScratchVerifier;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.util.List;

/**
 * Chooses the drill by what the archive is: Redis snapshots ({@code redis/{instance}/...}, the storage layout's
 * Redis area) go to the Redis verifier, every other key (PostgreSQL dumps) to the PostgreSQL one.
 */
public final class RoutingScratchVerifier implements ScratchVerifier {

    static final String REDIS_AREA = "redis/";

    private final ScratchVerifier redis;
    private final ScratchVerifier postgres;

    public RoutingScratchVerifier(ScratchVerifier redis, ScratchVerifier postgres) {
        this.redis = redis;
        this.postgres = postgres;
    }

    @Override
    public List<TableCheck> verify(String schema, VerifiedArchive archive) throws RestoreFailedException {
        return (archive.key().startsWith(REDIS_AREA) ? redis : postgres).verify(schema, archive);
    }
}
