package com.aquastream.backup.alerting.alert.jdbc;

import com.aquastream.backup.alerting.alert.AlertOutbox;
import com.aquastream.backup.events.AlertEvent;
import com.aquastream.backup.events.EventCodec;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link AlertOutbox} in table {@code alert_outbox}; events are stored as the contract's JSON. */
public final class JdbcAlertOutbox implements AlertOutbox {

    private final JdbcClient jdbc;
    private final EventCodec codec = new EventCodec();

    public JdbcAlertOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(AlertEvent event) {
        jdbc.sql("insert into alert_outbox (event_id, topic, payload) values (?, ?, ?)")
                .params(event.eventId(), event.topic(), codec.encode(event)).update();
    }

    @Override
    public List<AlertEvent> unpublished() {
        return jdbc.sql("select topic, payload from alert_outbox where published_at is null order by seq")
                .query((rs, n) -> (AlertEvent) codec.decode(rs.getBytes("payload"), rs.getString("topic"))).list();
    }

    @Override
    public void published(UUID eventId) {
        jdbc.sql("update alert_outbox set published_at = now() where event_id = ?").param(eventId).update();
    }
}
