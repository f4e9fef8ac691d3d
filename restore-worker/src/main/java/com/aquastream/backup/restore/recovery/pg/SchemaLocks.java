package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Session-level advisory locks on schema names in a target database, held on a connection of their own for a
 * whole restore of an absent schema: the schema itself and every schema whose definitions the restore may create.
 * Two restores that would create the same schema (one restoring it, one creating its definitions for a schema that
 * references it) so run one after the other, and the second sees what the first committed. Taken in name order, so
 * two restores never wait for each other crosswise. PostgreSQL releases them when the worker's process dies.
 */
final class SchemaLocks implements AutoCloseable {

    private final Connection connection;

    private SchemaLocks(Connection connection) {
        this.connection = connection;
    }

    static SchemaLocks take(PgConnection pg, String database, Collection<String> schemas, Duration timeout)
            throws RestoreFailedException {
        List<String> ordered = CrossSchemaBook.lockOrder(schemas);
        Connection c = null;
        try {
            c = pg.open(database, "restore-worker");
            try (Statement st = c.createStatement()) {
                st.execute("SET lock_timeout = " + Math.max(1, timeout.toMillis()));
            }
            for (String schema : ordered) {
                try (PreparedStatement ps = c.prepareStatement("select pg_advisory_lock(?, ?)")) {
                    ps.setInt(1, CrossSchemaBook.SCHEMA_LOCK_CLASS);
                    ps.setInt(2, schema.hashCode());
                    ps.execute();
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("RESET lock_timeout");
            }
            return new SchemaLocks(c);
        } catch (SQLException e) {
            close(c);
            throw new RestoreFailedException("cannot lock the schemas " + ordered + " in " + database + ": "
                    + e.getMessage(), e);
        }
    }

    /** The locks' own session, also fit for reading the target's state while they are held. */
    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        close(connection);
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the session is gone, and its locks with it
            }
        }
    }
}
