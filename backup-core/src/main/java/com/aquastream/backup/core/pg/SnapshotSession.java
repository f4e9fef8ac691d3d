package com.aquastream.backup.core.pg;

import com.aquastream.backup.core.naming.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A read-only REPEATABLE READ transaction whose snapshot is exported, so {@code pg_dump --snapshot=<id>} and the
 * exact row counts reported in {@code backup.completed} see the very same data (RECIPES.md, verified: rows inserted
 * concurrently are neither in the dump nor in the counts).
 *
 * <p>The transaction, and with it the exported snapshot, stays open until {@link #close()}, which rolls back: keep the
 * session open until pg_dump has finished (pg_dump only needs it while it starts, but counting may come later). Not
 * thread-safe; one JDBC connection per session.
 */
public final class SnapshotSession implements AutoCloseable {

    private final Connection connection;
    private final String database;
    private final String snapshotId;
    private final String snapshotLsn;
    private boolean closed;

    private SnapshotSession(Connection connection, String database, String snapshotId, String snapshotLsn) {
        this.connection = connection;
        this.database = database;
        this.snapshotId = snapshotId;
        this.snapshotLsn = snapshotLsn;
    }

    /**
     * Connects to {@code database}, begins {@code REPEATABLE READ, READ ONLY} and exports the snapshot.
     *
     * @throws SQLException if the connection or the export fails (the connection is closed again)
     * @throws com.aquastream.backup.core.naming.InvalidIdentifierException if database is not a plain identifier
     */
    public static SnapshotSession open(PgConnection pg, String database) throws SQLException {
        Objects.requireNonNull(pg, "pg");
        Connection connection = pg.open(database, "backup-core snapshot");
        try {
            // Autocommit stays on so the driver sends our BEGIN verbatim instead of opening its own transaction
            // first (which would make the isolation level impossible to set).
            try (Statement st = connection.createStatement()) {
                st.execute("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            String snapshot;
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("select pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            }
            return new SnapshotSession(connection, database, snapshot, insertLsn(connection));
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The WAL insert position read right after the snapshot was taken: a point-in-time recovery to it sees what the
     * snapshot sees, up to commits racing it (a transaction whose commit record was written but which had not yet
     * left the running set when the snapshot was taken). Null on a standby, which has no insert position.
     */
    public String snapshotLsn() {
        return snapshotLsn;
    }

    private static String insertLsn(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select case when pg_is_in_recovery() then null"
                     + " else pg_current_wal_insert_lsn()::text end")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The database this session reads. */
    public String database() {
        return database;
    }

    /** The exported snapshot id for {@code pg_dump --snapshot}, e.g. {@code 00000003-0000001B-1}. */
    public String snapshotId() {
        return snapshotId;
    }

    /** The server's version as {@code show server_version} prints it, e.g. {@code 15.13 (Debian 15.13-0+deb12u1)}. */
    public String serverVersion() throws SQLException {
        try (Statement st = open().createStatement(); ResultSet rs = st.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Whether {@code schema} exists in the snapshot.
     *
     * @throws com.aquastream.backup.core.naming.InvalidIdentifierException if schema is not a plain identifier
     */
    public boolean schemaExists(String schema) throws SQLException {
        Identifiers.requireIdentifier("schema", schema);
        try (PreparedStatement ps = open().prepareStatement("select 1 from pg_namespace where nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Exact row counts ({@code count(*)}) of every relation of {@code schema} that holds rows in the archive, in the
     * snapshot, keyed by unqualified name, sorted by name: ordinary tables and partitions (relkind {@code r}) and
     * populated materialized views ({@code m}, whose data pg_dump archives too, so a drill can check it). A
     * partitioned parent ({@code p}) holds no rows of its own: its partitions are counted. Empty for a schema without
     * such relations or a missing one.
     *
     * <p>The names come from the catalog and may be anything PostgreSQL allows ({@code "LoginHistory"},
     * {@code "audit log"}): they are quoted, never refused.
     *
     * @throws com.aquastream.backup.core.naming.InvalidIdentifierException if the schema is not a plain identifier
     *         (it comes from a request)
     */
    public Map<String, Long> countRows(String schema) throws SQLException {
        Identifiers.requireIdentifier("schema", schema);
        List<String> relations = new ArrayList<>();
        try (PreparedStatement ps = open().prepareStatement("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = ? and (c.relkind = 'r' or (c.relkind = 'm' and c.relispopulated))
                order by c.relname""")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    relations.add(rs.getString(1));
                }
            }
        }
        // Java's order (UTF-16 code units), not the database's collation: the same on every server.
        Collections.sort(relations);
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement st = connection.createStatement()) {
            for (String relation : relations) {
                try (ResultSet rs = st.executeQuery("select count(*) from " + Identifiers.quote(schema) + "."
                        + Identifiers.quoteName(relation))) {
                    rs.next();
                    counts.put(relation, rs.getLong(1));
                }
            }
        }
        return Collections.unmodifiableMap(counts);
    }

    /** Rolls the transaction back (releasing the snapshot) and closes the connection; idempotent. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try (connection) {
            try (Statement st = connection.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException e) {
                // Harmless: closing the connection ends the transaction on the server anyway, and a finished backup
                // must not turn into a failure because its read-only snapshot could not be rolled back explicitly.
            }
        }
    }

    private Connection open() {
        if (closed) {
            throw new IllegalStateException("snapshot session closed");
        }
        return connection;
    }
}
