package com.aquastream.backup.catalog.restores.jdbc;

import com.aquastream.backup.catalog.restores.Restore;
import com.aquastream.backup.catalog.restores.RestoreLog;
import com.aquastream.backup.catalog.restores.RestoreStatus;
import com.aquastream.backup.events.RestoreMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The {@code catalog.restore} table in plain SQL: one flat row per restore, nothing for an ORM to add. Runs in the
 * caller's transaction (the JdbcTemplate shares the transaction manager's connection).
 */
public class JdbcRestoreLog implements RestoreLog {

    /** Advisory-lock namespace 'CATV' (first key of {@code pg_advisory_xact_lock(int, int)}). */
    private static final int DRILL_LOCK = 0x43415456;

    private static final String COLUMNS = "restore_id, batch_id, database_name, schema_name, backup_id, object_key,"
            + " target_database, mode, safety_backup, force, as_of, requested_by, requested_at, status, reason,"
            + " duration_ms, finished_at, recovered_to, end_of_archive, data_directory, next_steps";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcRestoreLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void save(Restore r) {
        jdbc.update("insert into catalog.restore (" + COLUMNS + ", updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict (restore_id) do update set batch_id = excluded.batch_id,"
                        + " backup_id = excluded.backup_id, object_key = excluded.object_key,"
                        + " status = excluded.status, reason = excluded.reason, duration_ms = excluded.duration_ms,"
                        + " finished_at = excluded.finished_at, recovered_to = excluded.recovered_to,"
                        + " end_of_archive = excluded.end_of_archive, data_directory = excluded.data_directory,"
                        + " next_steps = excluded.next_steps, updated_at = excluded.updated_at",
                r.restoreId(), r.batchId(), r.database(), r.schema(), r.backupId(), r.key(), r.targetDatabase(),
                r.mode() == null ? null : r.mode().name(), r.safetyBackup(), r.force(), utc(r.asOf()),
                r.requestedBy(), utc(r.requestedAt()), r.status().name(), r.reason(), r.durationMs(),
                utc(r.finishedAt()), r.recovery() == null ? null : utc(r.recovery().recoveredTo()),
                r.recovery() == null ? null : r.recovery().endOfArchive(),
                r.recovery() == null ? null : r.recovery().dataDirectory(),
                r.recovery() == null ? null : r.recovery().nextSteps(), utc(clock.instant()));
    }

    @Override
    public Optional<Restore> find(UUID restoreId) {
        return jdbc.query("select " + COLUMNS + " from catalog.restore where restore_id = ?", ROW, restoreId)
                .stream().findFirst();
    }

    @Override
    public List<Restore> ofBatch(UUID batchId) {
        return jdbc.query("select " + COLUMNS + " from catalog.restore where batch_id = ? order by schema_name",
                ROW, batchId);
    }

    @Override
    public List<Restore> recent(int limit) {
        return jdbc.query("select " + COLUMNS + " from catalog.restore order by updated_at desc, restore_id limit ?",
                ROW, limit);
    }

    @Override
    public void lockDrills() {
        jdbc.query("select pg_advisory_xact_lock(?, ?)", rs -> null, DRILL_LOCK, 0);
    }

    private static final RowMapper<Restore> ROW = JdbcRestoreLog::map;

    private static Restore map(ResultSet rs, int row) throws SQLException {
        String mode = rs.getString("mode");
        Number duration = (Number) rs.getObject("duration_ms");
        return new Restore(rs.getObject("restore_id", UUID.class), rs.getObject("batch_id", UUID.class),
                rs.getString("database_name"), rs.getString("schema_name"), rs.getObject("backup_id", UUID.class),
                rs.getString("object_key"), rs.getString("target_database"),
                mode == null ? null : RestoreMode.valueOf(mode), (Boolean) rs.getObject("safety_backup"),
                (Boolean) rs.getObject("force"), instant(rs.getTimestamp("as_of")), rs.getString("requested_by"),
                instant(rs.getTimestamp("requested_at")), RestoreStatus.valueOf(rs.getString("status")),
                rs.getString("reason"), duration == null ? null : duration.longValue(),
                instant(rs.getTimestamp("finished_at")), Restore.Recovery.ofNullable(
                        instant(rs.getTimestamp("recovered_to")), (Boolean) rs.getObject("end_of_archive"),
                        rs.getString("data_directory"), rs.getString("next_steps")));
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
