package com.aquastream.backup.catalog.clusters.jdbc;

import com.aquastream.backup.catalog.clusters.BaseBackup;
import com.aquastream.backup.catalog.clusters.ClusterArchive;
import com.aquastream.backup.catalog.clusters.WalTimeline;
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

/**
 * The {@code catalog.base_backup} and {@code catalog.wal_timeline} tables in plain SQL (LSNs as PostgreSQL's
 * {@code pg_lsn}). Runs in the caller's transaction (the JdbcTemplate shares the transaction manager's connection).
 */
public class JdbcClusterArchive implements ClusterArchive {

    /** Advisory-lock namespace 'CATW' (first key of {@code pg_advisory_xact_lock(int, int)}). */
    private static final int CLUSTER_LOCKS = 0x43415457;

    private static final String BACKUP_COLUMNS = "backup_id, cluster_name, status, request_id, object_key, store,"
            + " timeline, start_lsn::text as start_lsn, end_lsn::text as end_lsn, started_at, finished_at, size_bytes,"
            + " sha256, compression, server_version, manifest_verified, attempt, retryable, reason, recorded_at";

    private static final String TIMELINE_COLUMNS = "cluster_name, timeline, first_segment, last_segment, segments,"
            + " last_segment_end_lsn::text as last_segment_end_lsn, first_archived_at, last_archived_at,"
            + " partial_segment, partial_end_lsn::text as partial_end_lsn, partial_archived_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcClusterArchive(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<BaseBackup> findBaseBackup(UUID backupId) {
        return jdbc.query("select " + BACKUP_COLUMNS + " from catalog.base_backup where backup_id = ?",
                JdbcClusterArchive::baseBackup, backupId).stream().findFirst();
    }

    @Override
    public void saveBaseBackup(BaseBackup b) {
        jdbc.update("insert into catalog.base_backup (backup_id, cluster_name, status, request_id, object_key, store,"
                        + " timeline, start_lsn, end_lsn, started_at, finished_at, size_bytes, sha256, compression,"
                        + " server_version, manifest_verified, attempt, retryable, reason, recorded_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?::pg_lsn, ?::pg_lsn, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict (backup_id) do update set status = excluded.status,"
                        + " request_id = excluded.request_id, object_key = excluded.object_key,"
                        + " store = excluded.store, timeline = excluded.timeline, start_lsn = excluded.start_lsn,"
                        + " end_lsn = excluded.end_lsn, started_at = excluded.started_at,"
                        + " finished_at = excluded.finished_at, size_bytes = excluded.size_bytes,"
                        + " sha256 = excluded.sha256, compression = excluded.compression,"
                        + " server_version = excluded.server_version,"
                        + " manifest_verified = excluded.manifest_verified, attempt = excluded.attempt,"
                        + " retryable = excluded.retryable, reason = excluded.reason",
                b.backupId(), b.cluster(), b.status().name(), b.requestId(), b.key(), b.store(), b.timeline(),
                b.startLsn(), b.endLsn(), utc(b.startedAt()), utc(b.finishedAt()), b.sizeBytes(), b.sha256(),
                b.compression(), b.serverVersion(), b.manifestVerified(), b.attempt(), b.retryable(), b.reason(),
                utc(b.recordedAt()));
    }

    @Override
    public List<BaseBackup> baseBackups(String cluster, int limit) {
        return jdbc.query("select " + BACKUP_COLUMNS + " from catalog.base_backup where cluster_name = ?"
                + " order by finished_at desc, backup_id limit ?", JdbcClusterArchive::baseBackup, cluster, limit);
    }

    @Override
    public Optional<WalTimeline> findTimeline(String cluster, long timeline) {
        return jdbc.query("select " + TIMELINE_COLUMNS + " from catalog.wal_timeline"
                        + " where cluster_name = ? and timeline = ?", JdbcClusterArchive::timeline, cluster, timeline)
                .stream().findFirst();
    }

    @Override
    public void saveTimeline(WalTimeline t) {
        jdbc.update("insert into catalog.wal_timeline (cluster_name, timeline, first_segment, last_segment, segments,"
                        + " last_segment_end_lsn, first_archived_at, last_archived_at, partial_segment, partial_end_lsn,"
                        + " partial_archived_at, updated_at) values (?, ?, ?, ?, ?, ?::pg_lsn, ?, ?, ?, ?::pg_lsn, ?, ?)"
                        + " on conflict (cluster_name, timeline) do update set first_segment = excluded.first_segment,"
                        + " last_segment = excluded.last_segment, segments = excluded.segments,"
                        + " last_segment_end_lsn = excluded.last_segment_end_lsn,"
                        + " first_archived_at = excluded.first_archived_at,"
                        + " last_archived_at = excluded.last_archived_at, partial_segment = excluded.partial_segment,"
                        + " partial_end_lsn = excluded.partial_end_lsn,"
                        + " partial_archived_at = excluded.partial_archived_at, updated_at = excluded.updated_at",
                t.cluster(), t.timeline(), t.firstSegment(), t.lastSegment(), t.segments(), t.lastSegmentEndLsn(),
                utc(t.firstArchivedAt()), utc(t.lastArchivedAt()), t.partialSegment(), t.partialEndLsn(),
                utc(t.partialArchivedAt()), utc(clock.instant()));
    }

    @Override
    public List<WalTimeline> timelines(String cluster) {
        return jdbc.query("select " + TIMELINE_COLUMNS + " from catalog.wal_timeline where cluster_name = ?"
                + " order by timeline", JdbcClusterArchive::timeline, cluster);
    }

    @Override
    public List<String> clusters() {
        return jdbc.queryForList("select cluster_name from catalog.base_backup union"
                + " select cluster_name from catalog.wal_timeline order by 1", String.class);
    }

    @Override
    public void lock(String cluster) {
        // String.hashCode is specified, so every instance computes the same lock id; a collision only serializes
        // two clusters.
        jdbc.query("select pg_advisory_xact_lock(?, ?)", rs -> null, CLUSTER_LOCKS, cluster.hashCode());
    }

    private static BaseBackup baseBackup(ResultSet rs, int row) throws SQLException {
        return new BaseBackup(rs.getObject("backup_id", UUID.class), rs.getString("cluster_name"),
                BaseBackup.Status.valueOf(rs.getString("status")), rs.getObject("request_id", UUID.class),
                rs.getString("object_key"), rs.getString("store"), (Long) rs.getObject("timeline", Long.class),
                rs.getString("start_lsn"), rs.getString("end_lsn"), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), rs.getObject("size_bytes", Long.class),
                rs.getString("sha256"), rs.getString("compression"), rs.getString("server_version"),
                (Boolean) rs.getObject("manifest_verified"), rs.getObject("attempt", Integer.class),
                (Boolean) rs.getObject("retryable"), rs.getString("reason"), instant(rs.getTimestamp("recorded_at")));
    }

    private static WalTimeline timeline(ResultSet rs, int row) throws SQLException {
        return new WalTimeline(rs.getString("cluster_name"), rs.getLong("timeline"), rs.getString("first_segment"),
                rs.getString("last_segment"), rs.getLong("segments"), rs.getString("last_segment_end_lsn"),
                instant(rs.getTimestamp("first_archived_at")), instant(rs.getTimestamp("last_archived_at")),
                rs.getString("partial_segment"), rs.getString("partial_end_lsn"),
                instant(rs.getTimestamp("partial_archived_at")));
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
