package com.aquastream.backup.alerting.alert;

import java.util.Arrays;

/**
 * The conditions the service watches. Each rule has at most one open alert per target (database, schema), raised
 * when its condition becomes true and resolved when it clears.
 */
public enum AlertRule {
    /** A backup request ended in {@code backup.failed} (after the worker's own retries, or refused). */
    BACKUP_FAILED("backup-failed", Severity.CRITICAL),
    /** Dead-man's switch: no {@code backup.completed} of a configured schema for longer than the threshold. */
    BACKUP_MISSING("backup-missing", Severity.CRITICAL),
    /** No {@code backup.requested} at all for a configured database: the scheduler itself is down. */
    SCHEDULER_SILENT("scheduler-silent", Severity.CRITICAL),
    /** A completed backup is smaller than a fraction (10 %) of the previous one of the same schema. */
    BACKUP_SIZE_DROP("backup-size-drop", Severity.WARNING),
    /** A restore failed or was rejected. */
    RESTORE_FAILED("restore-failed", Severity.CRITICAL),
    /** A verification drill (a restore in VERIFY mode) failed or was rejected. */
    VERIFICATION_FAILED("verification-failed", Severity.CRITICAL),
    /** An offsite copy failed. */
    REPLICATION_FAILED("replication-failed", Severity.WARNING),
    /** A weekly or monthly object was not copied offsite within the deadline. */
    REPLICATION_LAG("replication-lag", Severity.WARNING),
    /** A backup request got neither a completed nor a failed answer within the deadline. */
    REQUEST_UNANSWERED("request-unanswered", Severity.WARNING),
    /**
     * A backup request for a schema that is not a monitored target was refused (a typo, {@code pg_catalog}): told
     * once, resolved at the next evaluation, since there is nothing of that schema to wait for; the catalog lists
     * refused requests ({@code GET /api/requests/refused}). A refusal of a monitored target is {@link #BACKUP_FAILED}.
     */
    BACKUP_REQUEST_REFUSED("backup-request-refused", Severity.WARNING),
    /**
     * A cluster's WAL archive is further behind the server than the threshold ({@code wal.status} {@code lagSeconds}):
     * a point-in-time recovery would lose that much.
     */
    WAL_ARCHIVE_LAG("wal-archive-lag", Severity.CRITICAL),
    /**
     * {@code wal.status} says pg_receivewal is not running for a cluster (the archiver starts it again with a back-off;
     * a lasting outage also shows as lag).
     */
    WAL_RECEIVER_DOWN("wal-receiver-down", Severity.WARNING),
    /** {@code wal.status} names WAL segments missing from the archive: no recovery can replay past the first one. */
    WAL_CHAIN_GAP("wal-chain-gap", Severity.CRITICAL),
    /** No {@code wal.status} from a cluster the service has heard of for longer than the threshold. */
    WAL_STATUS_MISSING("wal-status-missing", Severity.CRITICAL),
    /** A base backup of a cluster ended in {@code basebackup.failed} (after the archiver's own attempts). */
    BASEBACKUP_FAILED("basebackup-failed", Severity.CRITICAL);

    private final String wire;
    private final Severity defaultSeverity;

    AlertRule(String wire, Severity defaultSeverity) {
        this.wire = wire;
        this.defaultSeverity = defaultSeverity;
    }

    /** The rule's name on the wire and in configuration, e.g. {@code backup-missing}. */
    public String wire() {
        return wire;
    }

    Severity defaultSeverity() {
        return defaultSeverity;
    }

    public static AlertRule fromWire(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown alert rule: " + wire));
    }
}
