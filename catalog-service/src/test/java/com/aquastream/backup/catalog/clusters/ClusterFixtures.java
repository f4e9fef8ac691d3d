package com.aquastream.backup.catalog.clusters;

import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.WalArchived;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.events.WalStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The wal-archiver's results as a cluster's history reads: base backups, their failures, archived WAL. */
public final class ClusterFixtures {

    private ClusterFixtures() {
    }

    /** A base backup of {@code cluster} on timeline 1 finished at {@code finishedAt}, WAL {@code start}..{@code end}. */
    public static BaseBackupCompleted aBaseBackupOf(String cluster, Instant finishedAt, String startLsn,
                                                    String endLsn) {
        UUID backupId = UUID.randomUUID();
        return new BaseBackupCompleted(UUID.randomUUID(), finishedAt, cluster, WalEvent.CLUSTER_SCHEMA,
                UUID.randomUUID(), backupId, "basebackup/" + cluster + "/" + backupId + "/base.tar.gz", "filesystem",
                734003200L, "9f2c4e1a7b3d5f60817a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70", "gzip",
                "pg_basebackup-tar", 1, startLsn, endLsn, finishedAt.minus(Duration.ofMinutes(4)), finishedAt,
                "15.14", "pg_basebackup (PostgreSQL) 15.14", true);
    }

    public static BaseBackupFailed aBaseBackupFailureOf(String cluster, Instant at) {
        return new BaseBackupFailed(UUID.randomUUID(), at, cluster, WalEvent.CLUSTER_SCHEMA, UUID.randomUUID(), 3,
                true, "pg_basebackup exited with status 1: connection refused");
    }

    /**
     * The archiver's heartbeat of {@code cluster} at {@code at}, receiving, chain whole, the oldest base backup the
     * store still holds finished at {@code recoverableFrom} (null: the store not listed yet).
     */
    public static WalStatus aWalStatusOf(String cluster, Instant at, Instant recoverableFrom) {
        return new WalStatus(UUID.randomUUID(), at, cluster, WalEvent.CLUSTER_SCHEMA, true, "0/6000000", "0/6000000",
                0L, 0L, at.minusSeconds(30), null, List.of(), recoverableFrom);
    }

    /** Completed segment number {@code n} (hex) of timeline 1, archived at {@code at}. */
    public static WalArchived aSegmentOf(String cluster, int n, Instant at) {
        return walArchived(cluster, n, false, String.format("0/%X", n * 0x1000000L + 0x1000000L), at);
    }

    /** A partial snapshot of segment {@code n} (hex) of timeline 1 reaching {@code endLsn}. */
    public static WalArchived aPartialOf(String cluster, int n, String endLsn, Instant at) {
        return walArchived(cluster, n, true, endLsn, at);
    }

    private static WalArchived walArchived(String cluster, int n, boolean partial, String endLsn, Instant at) {
        String segment = String.format("%08X%08X%08X", 1, 0, n);
        return new WalArchived(UUID.randomUUID(), at, cluster, WalEvent.CLUSTER_SCHEMA, 1, segment, partial,
                String.format("0/%X", n * 0x1000000L), endLsn,
                "wal/" + cluster + "/00000001/" + segment + (partial ? ".partial" : "") + ".gz", "filesystem", 1183744,
                16777216, "9f2c4e1a7b3d5f60817a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70", "gzip");
    }
}
