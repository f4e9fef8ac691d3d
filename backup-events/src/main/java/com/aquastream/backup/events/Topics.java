package com.aquastream.backup.events;

import java.util.List;
import java.util.Map;

/** Topic names of the public contract; no listener or producer repeats these strings. */
public final class Topics {

    public static final String BACKUP_REQUESTED = "backup.requested";
    public static final String BACKUP_COMPLETED = "backup.completed";
    public static final String BACKUP_FAILED = "backup.failed";
    public static final String BACKUP_EXPIRED = "backup.expired";
    public static final String RESTORE_REQUESTED = "restore.requested";
    public static final String RESTORE_COMPLETED = "restore.completed";
    public static final String RESTORE_VERIFIED = "restore.verified";
    public static final String RESTORE_FAILED = "restore.failed";
    public static final String RESTORE_REJECTED = "restore.rejected";
    public static final String BACKUP_REPLICATED = "backup.replicated";
    public static final String REPLICATION_FAILED = "replication.failed";
    public static final String ALERT_RAISED = "alert.raised";
    public static final String ALERT_RESOLVED = "alert.resolved";
    public static final String WAL_ARCHIVED = "wal.archived";
    public static final String WAL_STATUS = "wal.status";
    public static final String BASEBACKUP_REQUESTED = "basebackup.requested";
    public static final String BASEBACKUP_COMPLETED = "basebackup.completed";
    public static final String BASEBACKUP_FAILED = "basebackup.failed";

    /** Suffix of the dead-letter topic of each topic: {@code <topic>.DLT}. */
    public static final String DLT_SUFFIX = ".DLT";

    private static final Map<Class<? extends Event>, String> BY_TYPE = Map.ofEntries(
            Map.entry(BackupRequested.class, BACKUP_REQUESTED),
            Map.entry(BackupCompleted.class, BACKUP_COMPLETED),
            Map.entry(BackupFailed.class, BACKUP_FAILED),
            Map.entry(BackupExpired.class, BACKUP_EXPIRED),
            Map.entry(RestoreRequested.class, RESTORE_REQUESTED),
            Map.entry(RestoreCompleted.class, RESTORE_COMPLETED),
            Map.entry(RestoreVerified.class, RESTORE_VERIFIED),
            Map.entry(RestoreFailed.class, RESTORE_FAILED),
            Map.entry(RestoreRejected.class, RESTORE_REJECTED),
            Map.entry(BackupReplicated.class, BACKUP_REPLICATED),
            Map.entry(ReplicationFailed.class, REPLICATION_FAILED),
            Map.entry(AlertRaised.class, ALERT_RAISED),
            Map.entry(AlertResolved.class, ALERT_RESOLVED),
            Map.entry(WalArchived.class, WAL_ARCHIVED),
            Map.entry(WalStatus.class, WAL_STATUS),
            Map.entry(BaseBackupRequested.class, BASEBACKUP_REQUESTED),
            Map.entry(BaseBackupCompleted.class, BASEBACKUP_COMPLETED),
            Map.entry(BaseBackupFailed.class, BASEBACKUP_FAILED));

    private Topics() {
    }

    /** Every topic of the contract. */
    public static List<String> all() {
        return BY_TYPE.values().stream().sorted().toList();
    }

    /** The event class published on a topic, or {@code null} for a topic outside the contract. */
    public static Class<? extends Event> eventTypeOf(String topic) {
        return BY_TYPE.entrySet().stream()
                .filter(e -> e.getValue().equals(topic))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    static String topicOf(Class<?> type) {
        String topic = BY_TYPE.get(type);
        if (topic == null) {
            throw new IllegalArgumentException("not an event of the contract: " + type.getName());
        }
        return topic;
    }

    public static String deadLetterOf(String topic) {
        return topic + DLT_SUFFIX;
    }
}
