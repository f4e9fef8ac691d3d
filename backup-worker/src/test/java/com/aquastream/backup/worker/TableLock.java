package com.aquastream.backup.worker;

import com.aquastream.backup.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Holds an ACCESS EXCLUSIVE lock on a table until closed. pg_dump waits for it, which makes a real dump run exactly
 * as long as a test needs, with no sleeping and no fake dumper.
 */
final class TableLock implements AutoCloseable {

    private final Connection connection;

    private TableLock(Connection connection) {
        this.connection = connection;
    }

    static TableLock exclusive(TestDatabase db, String qualifiedTable) throws SQLException {
        Connection c = db.connect();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE " + qualifiedTable + " IN ACCESS EXCLUSIVE MODE");
        }
        return new TableLock(c);
    }

    @Override
    public void close() throws SQLException {
        connection.commit();
        connection.close();
    }
}
