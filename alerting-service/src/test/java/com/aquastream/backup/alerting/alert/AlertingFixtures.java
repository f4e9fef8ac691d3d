package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.ReplicationFailed;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.events.WalArchived;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.events.WalStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events in domain language, for the rule engine's tests and the integration tests. */
public final class AlertingFixtures {

    private AlertingFixtures() {
    }

    public static BackupRequested aRequestOf(String database, String schema, UUID requestId, Instant at) {
        return new BackupRequested(UUID.randomUUID(), at, database, schema, requestId, List.of(Tier.DAILY),
                Trigger.SCHEDULE, "scheduler", at);
    }

    public static BackupCompleted aCompletedBackupOf(String database, String schema, UUID requestId, long size,
                                                     Instant at, Tier... tiers) {
        UUID backupId = UUID.randomUUID();
        List<Tier> all = tiers.length == 0 ? List.of(Tier.DAILY) : List.of(tiers);
        List<StoredObject> objects = all.stream().map(t -> new StoredObject(t, "postgres/" + database + "/"
                + t.name().toLowerCase() + "_" + schema + "_" + backupId + ".dump.gz")).toList();
        return new BackupCompleted(UUID.randomUUID(), at, database, schema, requestId, backupId, all, objects,
                "filesystem", size, "ab".repeat(32), "gzip", "pg_dump-custom", at.minusSeconds(60), at, "15.8",
                "pg_dump (PostgreSQL) 15.8", Map.of(schema + ".t", 1L));
    }

    public static BackupFailed aFailedBackupOf(String database, String schema, UUID requestId, Instant at) {
        return new BackupFailed(UUID.randomUUID(), at, database, schema, requestId, 3, true,
                "pg_dump exited with status 1: connection refused");
    }

    public static RestoreRequested aRestoreCommand(String database, String schema, UUID restoreId, RestoreMode mode,
                                                   Instant at) {
        return new RestoreRequested(UUID.randomUUID(), at, database, schema, restoreId, UUID.randomUUID(), null,
                null, mode, true, "operator", "signature");
    }

    public static RestoreFailed aFailedRestoreOf(String database, String schema, UUID restoreId, Instant at) {
        return new RestoreFailed(UUID.randomUUID(), at, database, schema, restoreId,
                "pg_restore exited with status 1; schema left as before");
    }

    public static RestoreRejected aRejectedRestoreOf(String database, String schema, UUID restoreId, Instant at) {
        return new RestoreRejected(UUID.randomUUID(), at, database, schema, restoreId, "bad signature");
    }

    public static RestoreCompleted aCompletedRestoreOf(String database, String schema, UUID restoreId, Instant at) {
        return new RestoreCompleted(UUID.randomUUID(), at, database, schema, restoreId, UUID.randomUUID(),
                "postgres/" + database + "/" + schema + ".dump.gz", "ab".repeat(32), 1000, List.of());
    }

    public static RestoreVerified aVerificationOf(String database, String schema, UUID restoreId, Instant at) {
        return new RestoreVerified(UUID.randomUUID(), at, database, schema, restoreId, UUID.randomUUID(),
                "postgres/" + database + "/" + schema + ".dump.gz", "ab".repeat(32), 1000, List.of());
    }

    public static ReplicationFailed aFailedReplicationOf(BackupCompleted backup, Instant at) {
        return new ReplicationFailed(UUID.randomUUID(), at, backup.database(), backup.schema(), backup.backupId(),
                backup.objects().get(0).key(), "offsite", null, "offsite store unreachable");
    }

    public static BackupReplicated aReplicationOf(BackupCompleted backup, StoredObject object, Instant at) {
        return new BackupReplicated(UUID.randomUUID(), at, backup.database(), backup.schema(), backup.backupId(),
                object.key(), "offsite", backup.sha256(), "copied and verified at target");
    }

    /** A heartbeat of a cluster whose archiving is healthy: receiving, no lag, the chain whole. */
    public static WalStatus aHealthyWalStatusOf(String cluster, Instant at) {
        return aWalStatusOf(cluster, at, true, 0L, List.of());
    }

    /** A heartbeat saying how far behind the archive is, whether pg_receivewal runs and what is missing. */
    public static WalStatus aWalStatusOf(String cluster, Instant at, boolean receiving, Long lagSeconds,
                                         List<String> missingSegments) {
        return new WalStatus(UUID.randomUUID(), at, cluster, WalEvent.CLUSTER_SCHEMA, receiving, "0/5000000",
                "0/4000000", lagSeconds == null ? null : lagSeconds * 1024, lagSeconds, at.minusSeconds(30),
                receiving ? null : "pg_receivewal exited with 1: could not connect to server", missingSegments);
    }

    public static WalArchived anArchivedSegmentOf(String cluster, Instant at) {
        return new WalArchived(UUID.randomUUID(), at, cluster, WalEvent.CLUSTER_SCHEMA, 1L,
                "000000010000000000000004", false, "0/4000000", "0/5000000",
                "wal/" + cluster + "/00000001/000000010000000000000004.gz", "filesystem", 4_000_000L, 16_777_216L,
                "ab".repeat(32), "gzip");
    }

    public static BaseBackupFailed aFailedBaseBackupOf(String cluster, Instant at) {
        return new BaseBackupFailed(UUID.randomUUID(), at, cluster, WalEvent.CLUSTER_SCHEMA, UUID.randomUUID(), 3,
                true, "failed 3 time(s), giving up: pg_basebackup: error: could not connect to server");
    }

    public static BaseBackupCompleted aCompletedBaseBackupOf(String cluster, Instant at) {
        UUID backupId = UUID.randomUUID();
        return new BaseBackupCompleted(UUID.randomUUID(), at, cluster, WalEvent.CLUSTER_SCHEMA, null, backupId,
                "basebackup/" + cluster + "/20250817T010000Z-" + backupId.toString().substring(0, 8)
                        + "/base.tar.gz", "filesystem", 1_000_000L, "ab".repeat(32), "gzip", "pg_basebackup-tar", 1L,
                "0/5000028", "0/5000138", at.minusSeconds(60), at, "15.8", "pg_basebackup (PostgreSQL) 15.8", true);
    }
}
