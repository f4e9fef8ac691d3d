package com.aquastream.backup.worker.backup.pg;

import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.worker.backup.AbortSignal;
import com.aquastream.backup.worker.backup.SchemaLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * {@link SchemaLocks} as a PostgreSQL session advisory lock in the source database itself: every worker instance
 * that can dump a schema can reach it, and the lock dies with a crashed holder's connection.
 */
public final class PgAdvisorySchemaLocks implements SchemaLocks {

    /** First key of the two-key advisory lock: "BKUP", so the locks do not collide with an application's. */
    private static final int LOCK_SPACE = 0x424B5550;

    private final PgConnection connection;
    private final Duration retryEvery;

    public PgAdvisorySchemaLocks(PgConnection connection, Duration retryEvery) {
        this.connection = connection;
        this.retryEvery = retryEvery;
    }

    @Override
    public Held lock(String database, String schema, AbortSignal abort) throws SchemaLockException {
        Connection c = null;
        try {
            c = connection.open(database, "backup-worker-lock");
            while (!tryLock(c, schema)) {
                if (abort.awaitAbort(retryEvery)) {
                    throw new SchemaLockException("aborted while waiting for the lock of " + schema, null);
                }
            }
            Connection held = c;
            return () -> release(held, schema);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new SchemaLockException("database " + database + ": " + e.getMessage(), e);
        } catch (SchemaLockException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static boolean tryLock(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
            ps.setInt(1, LOCK_SPACE);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void release(Connection c, String schema) {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(?, hashtext(?))")) {
            ps.setInt(1, LOCK_SPACE);
            ps.setString(2, schema);
            ps.execute();
        } catch (SQLException e) {
            // Closing the session below releases the lock anyway.
        } finally {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing left to release
            }
        }
    }
}
