package com.aquastream.backup.core.platform;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link Outbox} in a table of the service's own database, events stored as the contract's JSON so the relay sends
 * exactly what was recorded. The table (created by the service's Flyway migrations; same layout everywhere):
 *
 * <pre>
 * create table outbox (
 *     id bigserial primary key, topic text not null, message_key text not null, event_id uuid not null,
 *     event_type text not null, payload text not null, created_at timestamptz not null, published_at timestamptz);
 * create index outbox_pending on outbox (id) where published_at is null;
 * </pre>
 */
public final class JdbcOutbox implements Outbox {

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

    /** An event waiting for the relay. */
    public record Pending(long id, Event event) {
    }

    /** How many events wait, and since when ({@code null} when none waits). */
    public record Backlog(long pending, Instant oldestCreatedAt) {
    }

    private final JdbcClient jdbc;
    private final String table;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();

    /** @param table the outbox table, optionally schema-qualified ({@code catalog.outbox}); a plain SQL name */
    public JdbcOutbox(JdbcClient jdbc, String table, Clock clock) {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("backup.platform.outbox.table must be a plain, lower-case table name"
                    + " (optionally schema.table), was " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void enqueue(Event event) {
        jdbc.sql("insert into " + table + " (topic, message_key, event_id, event_type, payload, created_at)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(event.topic(), event.messageKey(), event.eventId(), event.type(),
                        new String(codec.encode(event), UTF_8), Timestamp.from(clock.instant()))
                .update();
    }

    /**
     * Up to {@code max} unpublished events, oldest first, locked for the current transaction; rows another relay
     * holds are skipped, so several instances relay side by side without sending a row twice (normally).
     */
    List<Pending> claim(int max) {
        return jdbc.sql("select id, event_type, payload from " + table + " where published_at is null order by id"
                        + " limit ? for update skip locked")
                .param(max)
                .query((rs, n) -> new Pending(rs.getLong("id"),
                        codec.decode(rs.getString("payload").getBytes(UTF_8), rs.getString("event_type"))))
                .list();
    }

    void markPublished(List<Long> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("update " + table + " set published_at = ? where id = any(?)")
                .params(Timestamp.from(at), ids.toArray(Long[]::new))
                .update();
    }

    /** Deletes rows published before {@code before}; unpublished rows are never deleted. @return how many */
    int purgePublishedBefore(Instant before) {
        return jdbc.sql("delete from " + table + " where published_at is not null and published_at < ?")
                .param(Timestamp.from(before)).update();
    }

    Backlog backlog() {
        return jdbc.sql("select count(*) as pending, min(created_at) as oldest from " + table
                        + " where published_at is null")
                .query((rs, n) -> {
                    Timestamp oldest = rs.getTimestamp("oldest");
                    return new Backlog(rs.getLong("pending"), oldest == null ? null : oldest.toInstant());
                })
                .single();
    }
}
