package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.ReplicationFailed;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.events.WalStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The alert rules as plain logic. Facts arrive as events ({@link #on}); time passes through {@link #evaluate}. Both
 * return what changed, and keep the invariant that a (rule, target) has at most one open alert.
 *
 * <p>Facts are dated by the event's {@code occurredAt} (when it happened); alerts are dated by {@code now}, the
 * service's clock, when the engine noticed. Callers run each call in one transaction of {@link AlertState}.
 */
final class RuleEngine {

    private static final Set<Tier> REPLICATED_TIERS = Set.of(Tier.WEEKLY, Tier.MONTHLY);

    private final AlertSettings settings;
    private final MonitoredTargets monitored;
    private final AlertState state;
    private final Supplier<UUID> ids;

    RuleEngine(AlertSettings settings, MonitoredTargets monitored, AlertState state, Supplier<UUID> ids) {
        this.settings = settings;
        this.monitored = monitored;
        this.state = state;
        this.ids = ids;
    }

    /** Learns the fact an event states and raises or resolves the alerts it decides. Unrelated events change nothing. */
    List<AlertChange> on(Event event, Instant now) {
        Changes changes = new Changes(now);
        Target target = new Target(event.database(), event.schema());
        if (event instanceof BackupRequested requested) {
            onRequested(requested, target, changes);
        } else if (event instanceof BackupCompleted completed) {
            onCompleted(completed, target, changes);
        } else if (event instanceof BackupFailed failed) {
            onFailed(failed, target, changes);
        } else if (event instanceof RestoreRequested requested) {
            state.rememberRestore(requested.restoreId(), requested.mode() == null ? RestoreMode.RESTORE
                    : requested.mode(), requested.occurredAt());
        } else if (event instanceof RestoreFailed failed) {
            changes.raise(restoreRule(failed.restoreId()), target, restoreNoun(failed.restoreId()) + " of " + target
                    + " failed: " + failed.reason());
        } else if (event instanceof RestoreRejected rejected) {
            changes.raise(restoreRule(rejected.restoreId()), target, restoreNoun(rejected.restoreId()) + " of "
                    + target + " was rejected: " + rejected.reason());
        } else if (event instanceof RestoreCompleted) {
            changes.resolve(AlertRule.RESTORE_FAILED, target, "a restore completed");
        } else if (event instanceof RestoreVerified) {
            changes.resolve(AlertRule.VERIFICATION_FAILED, target, "a verification passed");
        } else if (event instanceof ReplicationFailed failed) {
            changes.raise(AlertRule.REPLICATION_FAILED, target, "Offsite copy of " + failed.key() + " to "
                    + failed.target() + " failed: " + failed.reason());
        } else if (event instanceof BackupReplicated replicated) {
            state.replicated(replicated.key(), replicated.backupId(), replicated.occurredAt());
            changes.resolve(AlertRule.REPLICATION_FAILED, target, "an offsite copy succeeded");
        } else if (event instanceof WalEvent wal) {
            onWalEvent(wal, target, changes);
        }
        return changes.list;
    }

    /**
     * A cluster's archiving: every event makes the cluster one whose heartbeats are expected; {@code wal.status}
     * raises or resolves the lag, receiver and chain rules by what it says (a value it does not know, null, changes
     * nothing), base backups raise and resolve theirs. A heartbeat older than the newest one seen is stale.
     */
    private void onWalEvent(WalEvent event, Target target, Changes changes) {
        String cluster = event.database();
        state.walClusterHeard(cluster, event.occurredAt());
        if (event instanceof WalStatus status) {
            if (state.lastWalStatus(cluster).map(last -> !status.occurredAt().isAfter(last)).orElse(false)) {
                return;
            }
            state.recordWalStatus(cluster, status.occurredAt());
            changes.resolve(AlertRule.WAL_STATUS_MISSING, target, "wal.status heartbeats arrive again");
            checkWalLag(status, target, changes);
            if (status.receiving()) {
                changes.resolve(AlertRule.WAL_RECEIVER_DOWN, target, "pg_receivewal runs again");
            } else {
                changes.raise(AlertRule.WAL_RECEIVER_DOWN, target, "pg_receivewal is not running for cluster "
                        + cluster + (status.reason() == null ? "" : ": " + status.reason()));
            }
            checkWalChain(status, target, changes);
        } else if (event instanceof BaseBackupFailed failed) {
            changes.raise(AlertRule.BASEBACKUP_FAILED, target, "Base backup of cluster " + cluster + " failed after "
                    + failed.attempt() + " attempt(s): " + failed.reason());
        } else if (event instanceof BaseBackupCompleted) {
            changes.resolve(AlertRule.BASEBACKUP_FAILED, target, "a base backup completed");
        }
    }

    private void checkWalLag(WalStatus status, Target target, Changes changes) {
        if (status.lagSeconds() == null) {
            return;
        }
        long threshold = settings.walLagAfter().toSeconds();
        if (status.lagSeconds() > threshold) {
            changes.raise(AlertRule.WAL_ARCHIVE_LAG, target, "WAL archive of cluster " + status.database() + " is "
                    + status.lagSeconds() + " s behind the server (" + status.lagBytes() + " bytes not archived;"
                    + " threshold " + threshold + " s): a point-in-time recovery would lose that much");
        } else {
            changes.resolve(AlertRule.WAL_ARCHIVE_LAG, target, "the WAL archive caught up (" + status.lagSeconds()
                    + " s behind)");
        }
    }

    private void checkWalChain(WalStatus status, Target target, Changes changes) {
        List<String> missing = status.missingSegments();
        if (missing == null) {
            return;
        }
        if (missing.isEmpty()) {
            changes.resolve(AlertRule.WAL_CHAIN_GAP, target, "the WAL chain is whole again");
        } else {
            // The archiver names at most 100: a full list means at least that many.
            String count = missing.size() >= 100 ? "at least " + missing.size() : Integer.toString(missing.size());
            changes.raise(AlertRule.WAL_CHAIN_GAP, target, count + " WAL segment(s) missing from the archive of"
                    + " cluster " + status.database() + ", the first " + missing.get(0) + ": a point-in-time"
                    + " recovery cannot replay past it");
        }
    }

    private void onRequested(BackupRequested requested, Target target, Changes changes) {
        Instant at = requested.occurredAt();
        if (state.lastRequest(target.database()).map(at::isAfter).orElse(true)) {
            state.recordRequest(target.database(), at);
        }
        if (requested.requestId() != null) {
            state.requestSeen(requested.requestId(), target, at);
        }
        changes.resolve(AlertRule.SCHEDULER_SILENT, Target.wholeDatabase(target.database()),
                "backup requests arrive again");
    }

    private void onCompleted(BackupCompleted completed, Target target, Changes changes) {
        if (completed.requestId() != null) {
            state.requestAnswered(completed.requestId(), target, completed.occurredAt());
        }
        Optional<AlertState.LastBackup> previous = state.lastBackup(target);
        // A late, older event must not replace a newer backup as "the previous one" nor reset the dead-man timer.
        boolean newest = previous.map(p -> completed.occurredAt().isAfter(p.completedAt())).orElse(true);
        if (newest) {
            checkSize(completed, target, previous, changes);
            state.recordBackup(target, new AlertState.LastBackup(completed.occurredAt(), completed.sizeBytes()));
        }
        changes.resolve(AlertRule.BACKUP_MISSING, target, "a backup completed");
        changes.resolve(AlertRule.BACKUP_FAILED, target, "a backup completed");
        for (StoredObject object : completed.objects() == null ? List.<StoredObject>of() : completed.objects()) {
            if (REPLICATED_TIERS.contains(object.tier())) {
                state.replicationExpected(object.key(), completed.backupId(), target, completed.occurredAt());
            }
        }
    }

    private void checkSize(BackupCompleted completed, Target target, Optional<AlertState.LastBackup> previous,
                           Changes changes) {
        if (previous.isEmpty() || previous.get().sizeBytes() <= 0) {
            return;
        }
        long before = previous.get().sizeBytes();
        if (completed.sizeBytes() < settings.sizeDropRatio() * before) {
            changes.raise(AlertRule.BACKUP_SIZE_DROP, target, String.format(
                    "Backup of %s is %d bytes, %.1f %% of the previous one (%d bytes); threshold %.0f %%",
                    target, completed.sizeBytes(), 100.0 * completed.sizeBytes() / before, before,
                    100 * settings.sizeDropRatio()));
        } else {
            changes.resolve(AlertRule.BACKUP_SIZE_DROP, target, "a backup of normal size completed");
        }
    }

    private void onFailed(BackupFailed failed, Target target, Changes changes) {
        if (failed.requestId() != null) {
            state.requestAnswered(failed.requestId(), target, failed.occurredAt());
        }
        String what = failed.attempt() == 0
                ? "Backup request for " + target + " was refused: "
                : "Backup of " + target + " failed after " + failed.attempt() + " attempt(s): ";
        // A refusal of something nobody watches is worth telling, not an alert that stays open for ever.
        boolean refusedStranger = failed.attempt() == 0 && !failed.retryable() && !monitored.watches(target);
        changes.raise(refusedStranger ? AlertRule.BACKUP_REQUEST_REFUSED : AlertRule.BACKUP_FAILED, target,
                what + failed.reason());
    }

    /**
     * restore.failed / restore.rejected carry no mode; the mode comes from the restore.requested seen earlier. A
     * restore whose request was not seen counts as a plain restore.
     */
    private AlertRule restoreRule(UUID restoreId) {
        return restoreId != null && state.restoreMode(restoreId).orElse(RestoreMode.RESTORE) == RestoreMode.VERIFY
                ? AlertRule.VERIFICATION_FAILED : AlertRule.RESTORE_FAILED;
    }

    private String restoreNoun(UUID restoreId) {
        return restoreRule(restoreId) == AlertRule.VERIFICATION_FAILED ? "Verification" : "Restore";
    }

    /**
     * Checks the rules that depend on time passing: the dead-man's switches, unanswered requests, replication lag
     * and reminders of open alerts.
     */
    List<AlertChange> evaluate(Instant now) {
        Changes changes = new Changes(now);
        checkBackupsMissing(now, changes);
        checkSchedulers(now, changes);
        checkDeadline(AlertRule.REQUEST_UNANSWERED, state.unansweredRequestsSince(now.minus(settings.requestDeadline())),
                "Backup request for %s is unanswered since %s (deadline %s): no worker completed or failed it",
                "every request was answered", changes);
        checkDeadline(AlertRule.REPLICATION_LAG,
                state.pendingReplicationsSince(now.minus(settings.replicationDeadline())),
                "Weekly/monthly backup of %s is not replicated offsite since %s (deadline %s)",
                "every offsite copy was made", changes);
        checkWalHeartbeats(now, changes);
        for (Alert alert : state.openAlerts()) {
            if (alert.rule() == AlertRule.BACKUP_REQUEST_REFUSED) {
                changes.resolve(AlertRule.BACKUP_REQUEST_REFUSED, alert.target(),
                        alert.target() + " is not a monitored target; refused requests stay listed by the catalog");
            }
        }
        remind(now, changes);
        return changes.list;
    }

    private void checkBackupsMissing(Instant now, Changes changes) {
        for (Target target : monitored.targets()) {
            Optional<AlertState.LastBackup> last = state.lastBackup(target);
            Instant since = last.map(AlertState.LastBackup::completedAt).orElseGet(() -> state.watchedSince(target, now));
            if (now.isAfter(since.plus(settings.backupMissingAfter()))) {
                changes.raise(AlertRule.BACKUP_MISSING, target, last.isPresent()
                        ? "No completed backup of " + target + " for " + hours(since, now) + " (last at " + since + ")"
                        : "No completed backup of " + target + " ever; watched for " + hours(since, now));
            }
        }
        resolveUnmonitored(AlertRule.BACKUP_MISSING, changes);
    }

    /** The WAL archiver's dead-man's switch: every cluster heard of must send {@code wal.status} regularly. */
    private void checkWalHeartbeats(Instant now, Changes changes) {
        Map<String, Instant> heartbeats = state.walHeartbeats();
        heartbeats.forEach((cluster, since) -> {
            Target target = new Target(cluster, WalEvent.CLUSTER_SCHEMA);
            if (now.isAfter(since.plus(settings.walStatusMissingAfter()))) {
                changes.raise(AlertRule.WAL_STATUS_MISSING, target, "No wal.status from cluster " + cluster + " for "
                        + Duration.between(since, now).toMinutes() + " min (last heard of at " + since
                        + "): is the wal-archiver running?");
            } else {
                changes.resolve(AlertRule.WAL_STATUS_MISSING, target, "wal.status heartbeats arrive again");
            }
        });
        for (Alert alert : state.openAlerts()) {
            if (alert.rule() == AlertRule.WAL_STATUS_MISSING && !heartbeats.containsKey(alert.target().database())) {
                changes.resolve(AlertRule.WAL_STATUS_MISSING, alert.target(), "cluster " + alert.target().database()
                        + " is no longer watched");
            }
        }
    }

    private void checkSchedulers(Instant now, Changes changes) {
        for (String database : monitored.databases()) {
            Target target = Target.wholeDatabase(database);
            Instant since = state.lastRequest(database).orElseGet(() -> state.watchedSince(target, now));
            if (now.isAfter(since.plus(settings.schedulerSilentAfter()))) {
                changes.raise(AlertRule.SCHEDULER_SILENT, target, "No backup request for any schema of " + database
                        + " for " + hours(since, now) + ": is the scheduler running?");
            }
        }
        resolveUnmonitored(AlertRule.SCHEDULER_SILENT, changes);
    }

    /** An operator who stops watching a schema (or database) should not keep its dead-man alert forever. */
    private void resolveUnmonitored(AlertRule rule, Changes changes) {
        for (Alert alert : state.openAlerts()) {
            Target target = alert.target();
            boolean watched = rule == AlertRule.SCHEDULER_SILENT
                    ? monitored.watchesDatabase(target.database()) : monitored.watches(target);
            if (alert.rule() == rule && !watched) {
                changes.resolve(rule, target, target + " is no longer monitored");
            }
        }
    }

    private void checkDeadline(AlertRule rule, Map<Target, Instant> overdue, String message, String resolution,
                               Changes changes) {
        Duration deadline = rule == AlertRule.REQUEST_UNANSWERED
                ? settings.requestDeadline() : settings.replicationDeadline();
        overdue.forEach((target, oldest) -> changes.raise(rule, target,
                String.format(message, target, oldest, deadline)));
        for (Alert alert : state.openAlerts()) {
            if (alert.rule() == rule && !overdue.containsKey(alert.target())) {
                changes.resolve(rule, alert.target(), resolution);
            }
        }
    }

    private void remind(Instant now, Changes changes) {
        for (Alert alert : state.openAlerts()) {
            if (!now.isBefore(alert.lastNotifiedAt().plus(settings.reminderInterval()))) {
                state.notified(alert.alertId(), now);
                changes.list.add(new AlertChange.Reminded(alert.notifiedAt(now), now));
            }
        }
    }

    private static String hours(Instant from, Instant to) {
        return Duration.between(from, to).toHours() + " h";
    }

    /** Collects the changes of one call and keeps "one open alert per (rule, target)" while doing so. */
    private final class Changes {

        private final Instant now;
        private final List<AlertChange> list = new ArrayList<>();

        Changes(Instant now) {
            this.now = now;
        }

        void raise(AlertRule rule, Target target, String message) {
            if (state.openAlert(rule, target).isPresent()) {
                return;
            }
            Alert alert = new Alert(ids.get(), rule, target, settings.severityOf(rule), message, now, now);
            state.open(alert);
            list.add(new AlertChange.Raised(alert, now));
        }

        void resolve(AlertRule rule, Target target, String resolution) {
            state.openAlert(rule, target).ifPresent(alert -> {
                state.resolve(alert.alertId(), now, resolution);
                list.add(new AlertChange.Resolved(alert, now, resolution));
            });
        }
    }
}
