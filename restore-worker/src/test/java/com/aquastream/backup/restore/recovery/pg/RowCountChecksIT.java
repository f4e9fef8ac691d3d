package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.naming.Identifiers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The row-count checks against a real PostgreSQL: the fast path (the transaction's own counters), the fallback to
 * {@code count(*)} where the counters cannot prove a count, and table names that try to break out of the SQL.
 */
class RowCountChecksIT {

    private static final String HOSTILE = "t$check$'; DROP TABLE s.victim; --\"x";

    private TestDatabase db;

    @BeforeEach
    void createDatabase() {
        db = TestDatabases.create();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void passesInTheRestoringTransactionWhenEveryTableHoldsItsRecordedRows() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            createAndFill(st);
            st.execute(RowCountChecks.inTransaction("s", recorded(3, 2, 0)));
            c.commit();
        }
        assertThat(db.queryLong("select count(*) from s.victim")).isEqualTo(1);
    }

    @Test
    void namesTheTableAndTheFoundCountWhenItDiffers() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            createAndFill(st);
            assertThatThrownBy(() -> st.execute(RowCountChecks.inTransaction("s", recorded(3, 5, 0))))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("table s.b has 2 rows after the restore, the backup recorded 5");
            c.rollback();
        }
    }

    @Test
    void countsDeletedRowsOut() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            createAndFill(st);
            st.execute("DELETE FROM s.a WHERE id = 1");
            st.execute(RowCountChecks.inTransaction("s", recorded(2, 2, 0)));
            assertThatThrownBy(() -> st.execute(RowCountChecks.inTransaction("s", recorded(3, 2, 0))))
                    .hasMessageContaining("table s.a has 2 rows");
            c.rollback();
        }
    }

    @Test
    void aMissingTableFailsNamingIt() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            createAndFill(st);
            Map<String, Long> expected = recorded(3, 2, 0);
            expected.put("gone", 7L);
            assertThatThrownBy(() -> st.execute(RowCountChecks.inTransaction("s", expected)))
                    .hasMessageContaining("table s.gone is missing after the restore, the backup recorded 7 rows");
            c.rollback();
        }
    }

    @Test
    void anInheritanceParentWhoseRecordIncludesItsChildrenIsCountedExactly() throws Exception {
        // count(*) of a parent includes its children; its own counters do not: the fallback decides.
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE SCHEMA s");
            st.execute("CREATE TABLE s.parent (id int)");
            st.execute("CREATE TABLE s.child () INHERITS (s.parent)");
            st.execute("INSERT INTO s.parent VALUES (1), (2)");
            st.execute("INSERT INTO s.child VALUES (3), (4), (5)");
            st.execute(RowCountChecks.inTransaction("s", Map.of("parent", 5L, "child", 3L)));
            assertThatThrownBy(() -> st.execute(RowCountChecks.inTransaction("s", Map.of("parent", 2L))))
                    .hasMessageContaining("table s.parent has 5 rows");
            c.rollback();
        }
    }

    @Test
    void aTableNameCannotEndTheQuotedBlockOrTheString() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            createAndFill(st);
            st.execute(RowCountChecks.inTransaction("s", recorded(3, 2, 4)));
            assertThatThrownBy(() -> st.execute(RowCountChecks.inTransaction("s", recorded(3, 2, 9))))
                    .hasMessageContaining("has 4 rows after the restore, the backup recorded 9");
            c.rollback();
        }
        assertThat(db.queryLong("select count(*) from pg_tables where tablename = 'victim'")).isZero();
    }

    @Test
    void afterACommitInOtherSessionsTheSharedCountersOrAScanDecide() throws Exception {
        db.execute("CREATE SCHEMA s", "CREATE TABLE s.a (id int)", "INSERT INTO s.a SELECT generate_series(1, 30)",
                "CREATE TABLE s.parent (id int)", "CREATE TABLE s.child () INHERITS (s.parent)",
                "INSERT INTO s.child VALUES (1), (2)");
        try (Connection c = db.connect()) {
            assertThat(RowCountChecks.differingAfterCommit(c, "s", Map.of("a", 30L, "parent", 2L),
                    Duration.ofSeconds(3))).isEmpty();
            assertThat(RowCountChecks.differingAfterCommit(c, "s", Map.of("a", 31L, "gone", 1L),
                    Duration.ofMillis(200))).containsExactlyInAnyOrder("a (expected 31 rows, found 30)",
                    "gone (expected 1 rows, found no table)");
        }
    }

    /** Tables s.a (3 rows), s.b (2 rows), a hostile-named one (4 rows) and s.victim (1 row, never recorded). */
    private static void createAndFill(Statement st) throws SQLException {
        st.execute("CREATE SCHEMA s");
        st.execute("CREATE TABLE s.a (id int)");
        st.execute("CREATE TABLE s.b (id int)");
        st.execute("CREATE TABLE s." + Identifiers.quoteName(HOSTILE) + " (id int)");
        st.execute("CREATE TABLE s.victim (id int)");
        st.execute("INSERT INTO s.a VALUES (1), (2), (3)");
        st.execute("INSERT INTO s.b VALUES (1), (2)");
        st.execute("INSERT INTO s." + Identifiers.quoteName(HOSTILE) + " VALUES (1), (2), (3), (4)");
        st.execute("INSERT INTO s.victim VALUES (1)");
    }

    private static Map<String, Long> recorded(long a, long b, long hostile) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("a", a);
        counts.put("b", b);
        if (hostile > 0) {
            counts.put(HOSTILE, hostile);
        }
        return counts;
    }
}
