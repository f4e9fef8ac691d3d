package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.BackupRequested;
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
}
