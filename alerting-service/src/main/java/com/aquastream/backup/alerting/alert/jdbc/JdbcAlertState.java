package com.aquastream.backup.alerting.alert.jdbc;

import static com.aquastream.backup.alerting.alert.jdbc.Sql.instant;
import static com.aquastream.backup.alerting.alert.jdbc.Sql.ts;

import com.aquastream.backup.alerting.alert.Alert;
import com.aquastream.backup.alerting.alert.AlertRule;
import com.aquastream.backup.alerting.alert.AlertState;
import com.aquastream.backup.alerting.alert.Severity;
import com.aquastream.backup.alerting.alert.Target;
import com.aquastream.backup.events.RestoreMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link AlertState} in the service's own PostgreSQL tables (Flyway migrations {@code V1__alerting_state.sql},
 * {@code V3__wal_clusters.sql}).
 */
public final class JdbcAlertState implements AlertState {

    private static final String ALERT_COLUMNS =
            "alert_id, rule, database, schema, severity, message, first_seen_at, last_notified_at";

    private final JdbcClient jdbc;

    public JdbcAlertState(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean markProcessed(UUID eventId, Instant at) {
        return jdbc.sql("insert into processed_event (event_id, processed_at) values (?, ?) on conflict do nothing")
                .params(eventId, ts(at)).update() == 1;
    }

    /** Forgets processed event ids older than {@code before}; a redelivery that late is not expected. */
    public int pruneProcessed(Instant before) {
        return jdbc.sql("delete from processed_event where processed_at < ?").params(ts(before)).update();
    }

    @Override
    public Optional<LastBackup> lastBackup(Target target) {
        return jdbc.sql("""
                        select last_completed_at, last_size_bytes from watched_target
                        where database = ? and schema = ? and last_completed_at is not null""")
                .params(target.database(), target.schema())
                .query((rs, n) -> new LastBackup(instant(rs, "last_completed_at"), rs.getLong("last_size_bytes")))
                .optional();
    }

    @Override
    public void recordBackup(Target target, LastBackup backup) {
        jdbc.sql("""
                        insert into watched_target (database, schema, last_completed_at, last_size_bytes)
                        values (?, ?, ?, ?)
                        on conflict (database, schema) do update
                        set last_completed_at = excluded.last_completed_at, last_size_bytes = excluded.last_size_bytes""")
                .params(target.database(), target.schema(), ts(backup.completedAt()), backup.sizeBytes()).update();
    }

    @Override
    public Instant watchedSince(Target target, Instant now) {
        jdbc.sql("""
                        insert into watched_target (database, schema, watched_since) values (?, ?, ?)
                        on conflict (database, schema) do update
                        set watched_since = coalesce(watched_target.watched_since, excluded.watched_since)""")
                .params(target.database(), target.schema(), ts(now)).update();
        return jdbc.sql("select watched_since from watched_target where database = ? and schema = ?")
                .params(target.database(), target.schema())
                .query((rs, n) -> instant(rs, "watched_since")).single();
    }

    @Override
    public Optional<Instant> lastRequest(String database) {
        return jdbc.sql("""
                        select last_requested_at from watched_target
                        where database = ? and schema = ? and last_requested_at is not null""")
                .params(database, Target.ALL_SCHEMAS)
                .query((rs, n) -> instant(rs, "last_requested_at")).optional();
    }

    @Override
    public void recordRequest(String database, Instant at) {
        jdbc.sql("""
                        insert into watched_target (database, schema, last_requested_at) values (?, ?, ?)
                        on conflict (database, schema) do update set last_requested_at = excluded.last_requested_at""")
                .params(database, Target.ALL_SCHEMAS, ts(at)).update();
    }

    @Override
    public void requestSeen(UUID requestId, Target target, Instant at) {
        jdbc.sql("""
                        insert into backup_request (request_id, database, schema, requested_at) values (?, ?, ?, ?)
                        on conflict (request_id) do update
                        set requested_at = coalesce(backup_request.requested_at, excluded.requested_at)""")
                .params(requestId, target.database(), target.schema(), ts(at)).update();
    }

    @Override
    public void requestAnswered(UUID requestId, Target target, Instant at) {
        jdbc.sql("""
                        insert into backup_request (request_id, database, schema, answered_at) values (?, ?, ?, ?)
                        on conflict (request_id) do update
                        set answered_at = coalesce(backup_request.answered_at, excluded.answered_at)""")
                .params(requestId, target.database(), target.schema(), ts(at)).update();
    }

    @Override
    public Map<Target, Instant> unansweredRequestsSince(Instant cutoff) {
        return oldestByTarget("""
                select database, schema, min(requested_at) as oldest from backup_request
                where answered_at is null and requested_at < ? group by database, schema""", cutoff);
    }

    @Override
    public void replicationExpected(String objectKey, UUID backupId, Target target, Instant at) {
        jdbc.sql("""
                        insert into replication_expectation (object_key, backup_id, database, schema, expected_at)
                        values (?, ?, ?, ?, ?) on conflict (object_key) do nothing""")
                .params(objectKey, backupId, target.database(), target.schema(), ts(at)).update();
    }

    @Override
    public void replicated(String objectKey, UUID backupId, Instant at) {
        if (objectKey != null) {
            jdbc.sql("update replication_expectation set replicated_at = ? where object_key = ? and replicated_at is null")
                    .params(ts(at), objectKey).update();
        } else if (backupId != null) {
            jdbc.sql("update replication_expectation set replicated_at = ? where backup_id = ? and replicated_at is null")
                    .params(ts(at), backupId).update();
        }
    }

    @Override
    public Map<Target, Instant> pendingReplicationsSince(Instant cutoff) {
        return oldestByTarget("""
                select database, schema, min(expected_at) as oldest from replication_expectation
                where replicated_at is null and expected_at < ? group by database, schema""", cutoff);
    }

    private Map<Target, Instant> oldestByTarget(String sql, Instant cutoff) {
        Map<Target, Instant> result = new LinkedHashMap<>();
        jdbc.sql(sql).params(ts(cutoff)).query((ResultSet rs) -> {
            result.put(new Target(rs.getString("database"), rs.getString("schema")), instant(rs, "oldest"));
        });
        return result;
    }

    @Override
    public void rememberRestore(UUID restoreId, RestoreMode mode, Instant at) {
        jdbc.sql("insert into restore_command (restore_id, mode, seen_at) values (?, ?, ?) on conflict do nothing")
                .params(restoreId, mode.name(), ts(at)).update();
    }

    @Override
    public Optional<RestoreMode> restoreMode(UUID restoreId) {
        return jdbc.sql("select mode from restore_command where restore_id = ?").param(restoreId)
                .query((rs, n) -> RestoreMode.valueOf(rs.getString("mode"))).optional();
    }

    @Override
    public void walClusterHeard(String cluster, Instant at) {
        jdbc.sql("insert into wal_cluster (cluster, first_heard_at) values (?, ?) on conflict do nothing")
                .params(cluster, ts(at)).update();
    }

    @Override
    public Optional<Instant> lastWalStatus(String cluster) {
        return jdbc.sql("select last_status_at from wal_cluster where cluster = ? and last_status_at is not null")
                .param(cluster).query((rs, n) -> instant(rs, "last_status_at")).optional();
    }

    @Override
    public void recordWalStatus(String cluster, Instant at) {
        jdbc.sql("""
                        insert into wal_cluster (cluster, first_heard_at, last_status_at) values (?, ?, ?)
                        on conflict (cluster) do update set last_status_at = excluded.last_status_at""")
                .params(cluster, ts(at), ts(at)).update();
    }

    @Override
    public Map<String, Instant> walHeartbeats() {
        Map<String, Instant> result = new LinkedHashMap<>();
        jdbc.sql("select cluster, coalesce(last_status_at, first_heard_at) as since from wal_cluster order by cluster")
                .query((ResultSet rs) -> {
                    result.put(rs.getString("cluster"), instant(rs, "since"));
                });
        return result;
    }

    @Override
    public Optional<Alert> openAlert(AlertRule rule, Target target) {
        return jdbc.sql("select " + ALERT_COLUMNS
                        + " from alert where rule = ? and database = ? and schema = ? and resolved_at is null")
                .params(rule.wire(), target.database(), target.schema())
                .query(JdbcAlertState::alert).optional();
    }

    @Override
    public List<Alert> openAlerts() {
        return jdbc.sql("select " + ALERT_COLUMNS + " from alert where resolved_at is null order by first_seen_at")
                .query(JdbcAlertState::alert).list();
    }

    @Override
    public void open(Alert alert) {
        jdbc.sql("insert into alert (" + ALERT_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(alert.alertId(), alert.rule().wire(), alert.target().database(), alert.target().schema(),
                        alert.severity().wire(), alert.message(), ts(alert.firstSeenAt()), ts(alert.lastNotifiedAt()))
                .update();
    }

    @Override
    public void resolve(UUID alertId, Instant at, String resolution) {
        jdbc.sql("update alert set resolved_at = ?, resolution = ? where alert_id = ? and resolved_at is null")
                .params(ts(at), resolution, alertId).update();
    }

    @Override
    public void notified(UUID alertId, Instant at) {
        jdbc.sql("update alert set last_notified_at = ? where alert_id = ?").params(ts(at), alertId).update();
    }

    static Alert alert(ResultSet rs, int row) throws SQLException {
        return new Alert(rs.getObject("alert_id", UUID.class), AlertRule.fromWire(rs.getString("rule")),
                new Target(rs.getString("database"), rs.getString("schema")), Severity.parse(rs.getString("severity")),
                rs.getString("message"), instant(rs, "first_seen_at"), instant(rs, "last_notified_at"));
    }
}
