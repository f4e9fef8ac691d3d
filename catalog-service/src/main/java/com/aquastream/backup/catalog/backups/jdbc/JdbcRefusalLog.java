package com.aquastream.backup.catalog.backups.jdbc;

import com.aquastream.backup.catalog.backups.RefusalLog;
import com.aquastream.backup.catalog.backups.Refusal;
import com.aquastream.backup.catalog.backups.SchemaRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code catalog.refused_request} table in plain SQL: one counted row per refused schema, an upsert per refusal.
 * Runs in the caller's transaction (the JdbcTemplate shares the transaction manager's connection).
 */
public class JdbcRefusalLog implements RefusalLog {

    private final JdbcTemplate jdbc;

    public JdbcRefusalLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(SchemaRef schema, UUID requestId, String reason, Instant at) {
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        jdbc.update("insert into catalog.refused_request as r (database_name, schema_name, requests,"
                        + " first_refused_at, last_refused_at, last_request_id, last_reason)"
                        + " values (?, ?, 1, ?, ?, ?, ?)"
                        + " on conflict (database_name, schema_name) do update set requests = r.requests + 1,"
                        + " first_refused_at = least(r.first_refused_at, excluded.first_refused_at),"
                        + " last_refused_at = greatest(r.last_refused_at, excluded.last_refused_at),"
                        + " last_request_id = case when excluded.last_refused_at >= r.last_refused_at"
                        + " then excluded.last_request_id else r.last_request_id end,"
                        + " last_reason = case when excluded.last_refused_at >= r.last_refused_at"
                        + " then excluded.last_reason else r.last_reason end",
                schema.database(), schema.schema(), when, when, requestId, reason);
        // Bounded: only the schemas refused most recently stay (ties at the boundary may keep a few more).
        jdbc.update("delete from catalog.refused_request where last_refused_at < (select last_refused_at"
                + " from catalog.refused_request order by last_refused_at desc offset ? limit 1)", KEPT - 1);
    }

    @Override
    public List<Refusal> recent(int limit) {
        return jdbc.query("select database_name, schema_name, requests, first_refused_at, last_refused_at,"
                + " last_request_id, last_reason from catalog.refused_request"
                + " order by last_refused_at desc, database_name, schema_name limit ?", JdbcRefusalLog::map, limit);
    }

    private static Refusal map(ResultSet rs, int row) throws SQLException {
        return new Refusal(new SchemaRef(rs.getString("database_name"), rs.getString("schema_name")),
                rs.getLong("requests"), rs.getTimestamp("first_refused_at").toInstant(),
                rs.getTimestamp("last_refused_at").toInstant(), rs.getObject("last_request_id", UUID.class),
                rs.getString("last_reason"));
    }
}
