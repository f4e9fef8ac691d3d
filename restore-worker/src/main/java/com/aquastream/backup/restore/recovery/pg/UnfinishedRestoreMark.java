package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trace a parallel restore ({@code pg_restore -j}) leaves in its target database while it runs, so that a
 * restore whose worker died (OOM killer, {@code kill -9}, the host lost) is recognised as unfinished and cleaned up by
 * the next delivery of its command, instead of being taken for a real schema.
 *
 * <p>{@code pg_restore -j} commits each object in its own session, so it cannot be one transaction; a worker that
 * dies halfway leaves a half-restored schema, and its orphaned pg_restore may even go on and finish it, unchecked.
 * Two things tell a live restore from a dead one:
 * <ul>
 *   <li>a marker schema {@code "restoring: <schema>"} (not a plain identifier, so no schema we back up or restore
 *       can have that name), created and committed before pg_restore starts and dropped only once the restored
 *       schema's row counts were checked, or the schema was dropped again after a failure;</li>
 *   <li>a session-level advisory lock on the schema's name, held by the restoring worker on a connection of its own
 *       for the whole restore. PostgreSQL releases it the moment that connection closes, which is also the moment
 *       its process dies.</li>
 * </ul>
 * So the marker without the lock is an unfinished restore of a dead worker: {@link #discard} takes the lock,
 * terminates the sessions of that worker's orphaned pg_restore (recognised by their {@code application_name}) and
 * drops the partial schema with its marker, in one transaction. The marker with the lock is a restore still
 * running in a live worker (e.g. after a rebalance handed its partition to another): {@code discard} waits for
 * it to end, within the restore timeout, and then finds either no marker (finished or cleaned up by its worker) or
 * one to discard.
 */
final class UnfinishedRestoreMark implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UnfinishedRestoreMark.class);
    /** First half of the advisory lock key: "Rstr", so the restore-worker's locks do not meet an application's. */
    private static final int LOCK_CLASS = 0x52737472;
    private static final String MARKER_PREFIX = "restoring: ";
    private static final Duration ORPHANS_END_WITHIN = Duration.ofSeconds(30);

    private final Connection lockHolder;
    private final String schema;

    private UnfinishedRestoreMark(Connection lockHolder, String schema) {
        this.lockHolder = lockHolder;
        this.schema = schema;
    }

    /**
     * Takes the schema's lock (waiting up to {@code timeout} for a restore of it still running elsewhere) and commits
     * the marker; the caller restores, then {@link #finish()}es, and {@link #close()}s in every case.
     */
    static UnfinishedRestoreMark begin(PgConnection pg, String database, String schema, String archiveKey,
                                       Duration timeout) throws RestoreFailedException {
        Identifiers.requireIdentifier("schema", schema);
        Connection c = null;
        try {
            c = pg.open(database, "restore-worker");
            lock(c, schema, timeout);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quoteName(markerSchema(schema)));
                st.execute("COMMENT ON SCHEMA " + Identifiers.quoteName(markerSchema(schema)) + " IS "
                        + literal("restore-worker: a parallel restore of schema " + schema + " from " + archiveKey
                        + " started at " + Instant.now() + "; while this schema exists, " + schema + " is not"
                        + " complete (the next delivery of the restore command drops both)"));
            }
            return new UnfinishedRestoreMark(c, schema);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw new RestoreFailedException("cannot mark the restore of " + schema + " in " + database + " as"
                    + " running: " + e.getMessage(), e);
        }
    }

    /** The {@code application_name} of the restore's pg_restore sessions, by which orphans are found. */
    static String applicationName(String schema) {
        return truncated("restore-worker " + schema);
    }

    /**
     * The restore ended and left nothing unfinished: the schema is complete and checked, or it was dropped again.
     * Drops the marker.
     */
    void finish() throws SQLException {
        try (Statement st = lockHolder.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + Identifiers.quoteName(markerSchema(schema)));
        }
    }

    /** Releases the lock (by closing its session); a marker not {@link #finish()}ed stays for the next delivery. */
    @Override
    public void close() {
        closeQuietly(lockHolder);
    }

    /**
     * Drops what an unfinished parallel restore of {@code schema} left in {@code database} (the partial schema and
     * its marker), after waiting for a restore of it still running in a live worker; returns whether there was
     * anything to drop.
     */
    static boolean discard(PgConnection pg, String database, String schema, Duration timeout)
            throws RestoreFailedException {
        Identifiers.requireIdentifier("schema", schema);
        try (Connection c = pg.open(database, "restore-worker")) {
            if (!markerExists(c, schema)) {
                return false;
            }
            lock(c, schema, timeout);
            if (!markerExists(c, schema)) {
                return false; // the restore that held the lock finished or cleaned up after itself
            }
            int orphans = terminateOrphans(c, schema);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + Identifiers.quote(schema) + " CASCADE");
                st.execute("DROP SCHEMA " + Identifiers.quoteName(markerSchema(schema)) + " CASCADE");
            }
            c.commit();
            log.warn("dropped the unfinished parallel restore of {}.{} left by a worker that stopped during it"
                    + " ({} orphaned pg_restore sessions ended)", database, schema, orphans);
            return true;
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot drop the unfinished restore of " + schema + " in " + database
                    + ": " + e.getMessage(), e);
        }
    }

    /** The marker's name: {@code "restoring: <schema>"}, shortened with a hash where it would exceed 63 bytes. */
    static String markerSchema(String schema) {
        String name = MARKER_PREFIX + schema;
        if (name.length() <= Identifiers.MAX_LENGTH) {
            return name;
        }
        return MARKER_PREFIX + schema.substring(0, 40) + "~" + sha256Hex(schema).substring(0, 8);
    }

    private static boolean markerExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
            ps.setString(1, markerSchema(schema));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The session-level lock of restores of {@code schema} in this database, waiting at most {@code timeout}. */
    private static void lock(Connection c, String schema, Duration timeout) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET lock_timeout = " + Math.max(1, timeout.toMillis()));
        }
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_lock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, schema.hashCode());
            ps.execute();
        }
        try (Statement st = c.createStatement()) {
            st.execute("RESET lock_timeout");
        }
    }

    /** Ends the sessions of a dead worker's pg_restore and waits for them to be gone; returns how many there were. */
    private static int terminateOrphans(Connection c, String schema) throws SQLException {
        String sessions = "select pid from pg_stat_activity where datname = current_database()"
                + " and application_name = ? and pid <> pg_backend_pid()";
        java.util.Set<Integer> terminated = new java.util.HashSet<>();
        long deadline = System.nanoTime() + ORPHANS_END_WITHIN.toNanos();
        while (true) {
            int found = 0;
            try (PreparedStatement ps = c.prepareStatement("select pid, pg_terminate_backend(pid) from ("
                    + sessions + ") s")) {
                ps.setString(1, applicationName(schema));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found++;
                        terminated.add(rs.getInt(1));
                    }
                }
            }
            if (found == 0 || System.nanoTime() > deadline) {
                return terminated.size();
            }
            try {
                Thread.sleep(100); // a terminated backend takes a moment to leave pg_stat_activity
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return terminated.size();
            }
        }
    }

    private static String truncated(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= Identifiers.MAX_LENGTH ? name : name.substring(0, Identifiers.MAX_LENGTH);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing the restore's lock session: {}", e.toString());
        }
    }
}
