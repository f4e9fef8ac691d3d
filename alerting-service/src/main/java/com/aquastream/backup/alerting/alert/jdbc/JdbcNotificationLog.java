package com.aquastream.backup.alerting.alert.jdbc;

import static com.aquastream.backup.alerting.alert.jdbc.Sql.instant;
import static com.aquastream.backup.alerting.alert.jdbc.Sql.ts;

import com.aquastream.backup.alerting.alert.AlertRule;
import com.aquastream.backup.alerting.alert.Notification;
import com.aquastream.backup.alerting.alert.NotificationLog;
import com.aquastream.backup.alerting.alert.Severity;
import com.aquastream.backup.alerting.alert.Target;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link NotificationLog} in table {@code notification}. */
public final class JdbcNotificationLog implements NotificationLog {

    private static final int MAX_ERROR_CHARS = 500;

    private final JdbcClient jdbc;

    public JdbcNotificationLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Notification add(Notification n) {
        long id = jdbc.sql("""
                        insert into notification (channel, kind, alert_id, rule, severity, database, schema, message,
                                                  first_seen_at, occurred_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(n.channel(), n.kind().name(), n.alertId(), n.rule().wire(), n.severity().wire(),
                        n.target().database(), n.target().schema(), n.message(), ts(n.firstSeenAt()), ts(n.at()))
                .query(Long.class).single();
        return new Notification(id, n.channel(), n.kind(), n.alertId(), n.rule(), n.severity(), n.target(),
                n.message(), n.firstSeenAt(), n.at(), 0);
    }

    @Override
    public List<Notification> pending() {
        return jdbc.sql("select * from notification where status = 'PENDING' order by id")
                .query(JdbcNotificationLog::notification).list();
    }

    @Override
    public void delivered(long id, int attempts, Instant at) {
        jdbc.sql("update notification set status = 'DELIVERED', attempts = ?, delivered_at = ? where id = ?")
                .params(attempts, ts(at), id).update();
    }

    @Override
    public void failed(long id, int attempts, String error, boolean givenUp) {
        String shown = error == null ? null
                : error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS) + "...";
        jdbc.sql("update notification set status = ?, attempts = ?, last_error = ? where id = ?")
                .params(givenUp ? "GIVEN_UP" : "PENDING", attempts, shown, id).update();
    }

    /** Counts by status, for metrics. */
    public long count(String status) {
        return jdbc.sql("select count(*) from notification where status = ?").param(status).query(Long.class).single();
    }

    private static Notification notification(ResultSet rs, int row) throws SQLException {
        return new Notification(rs.getLong("id"), rs.getString("channel"),
                Notification.Kind.valueOf(rs.getString("kind")), rs.getObject("alert_id", UUID.class),
                AlertRule.fromWire(rs.getString("rule")), Severity.parse(rs.getString("severity")),
                new Target(rs.getString("database"), rs.getString("schema")), rs.getString("message"),
                instant(rs, "first_seen_at"), instant(rs, "occurred_at"), rs.getInt("attempts"));
    }
}
