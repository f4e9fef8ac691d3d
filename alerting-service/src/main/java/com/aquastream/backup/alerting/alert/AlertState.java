package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.events.RestoreMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The rule engine's memory: what it learned from events and which alerts are open. It survives restarts (the
 * PostgreSQL adapter), so a running dead-man timer is neither lost nor restarted. Callers run every sequence of
 * calls for one event or one evaluation inside one unit of work of the platform's
 * {@link com.aquastream.backup.core.platform.Transactions}, so the state moves atomically.
 */
public interface AlertState {

    /** The last completed backup of a schema: when and how big. */
    record LastBackup(Instant completedAt, long sizeBytes) {
    }

    /** Records that an event was handled; {@code false} if it had been handled before (a redelivery). */
    boolean markProcessed(UUID eventId, Instant at);

    Optional<LastBackup> lastBackup(Target target);

    void recordBackup(Target target, LastBackup backup);

    /**
     * Since when the target is watched: the stored instant, or {@code now} stored for next time. The dead-man timer
     * of a schema that never had a backup runs from here, across restarts.
     */
    Instant watchedSince(Target target, Instant now);

    /** The latest {@code backup.requested} seen for any schema of the database. */
    Optional<Instant> lastRequest(String database);

    void recordRequest(String database, Instant at);

    /** A request was seen; it waits for its answer (which may already have arrived, events of topics interleave). */
    void requestSeen(UUID requestId, Target target, Instant at);

    /** A request got its {@code backup.completed} or {@code backup.failed}. */
    void requestAnswered(UUID requestId, Target target, Instant at);

    /** Targets with requests seen before {@code cutoff} and not answered, with the oldest such request's time. */
    Map<Target, Instant> unansweredRequestsSince(Instant cutoff);

    /** An object (weekly/monthly) must reach the offsite store. */
    void replicationExpected(String objectKey, UUID backupId, Target target, Instant at);

    /** The object was copied offsite; a {@code null} key marks every object of the backup. */
    void replicated(String objectKey, UUID backupId, Instant at);

    /** Targets with objects expected before {@code cutoff} and not replicated, with the oldest one's time. */
    Map<Target, Instant> pendingReplicationsSince(Instant cutoff);

    void rememberRestore(UUID restoreId, RestoreMode mode, Instant at);

    Optional<RestoreMode> restoreMode(UUID restoreId);

    /** A cluster's WAL event was seen: from the first one on, its {@code wal.status} heartbeats are expected. */
    void walClusterHeard(String cluster, Instant at);

    /** When the latest {@code wal.status} of a cluster happened. */
    Optional<Instant> lastWalStatus(String cluster);

    void recordWalStatus(String cluster, Instant at);

    /** Every cluster heard of, with its latest heartbeat, or when it was first heard of if none came yet. */
    Map<String, Instant> walHeartbeats();

    Optional<Alert> openAlert(AlertRule rule, Target target);

    List<Alert> openAlerts();

    void open(Alert alert);

    void resolve(UUID alertId, Instant at, String resolution);

    void notified(UUID alertId, Instant at);
}
