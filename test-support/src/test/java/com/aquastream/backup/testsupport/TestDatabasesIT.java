package com.aquastream.backup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

class TestDatabasesIT {

    @Test
    void createsAndDropsItsOwnDatabase() throws Exception {
        TestDatabase db = TestDatabases.create();
        assertThat(db.name()).matches("bk_test_[a-z0-9]{8}");
        assertThat(databaseExists(db.name())).isTrue();
        assertThat(db.jdbcUrl()).endsWith("/" + db.name());
        Connection stillOpen = db.connect();

        db.close();

        assertThat(databaseExists(db.name())).isFalse();
        assertThat(stillOpen.isValid(2)).isFalse();
        stillOpen.close();
    }

    @Test
    void populatesTheSixSchemasWithDistinctRowCounts() {
        try (TestDatabase db = TestDatabases.create()) {

            SixSchemas.populate(db, 10);

            assertThat(db.rowCounts("user"))
                    .containsExactly(entry("accounts", 10L), entry("profiles", 11L), entry("sessions", 12L));
            for (String schema : SixSchemas.NAMES) {
                assertThat(db.rowCounts(schema)).isEqualTo(SixSchemas.expectedRowCounts(schema, 10));
            }
            assertThat(db.queryLong("select count(*) from information_schema.table_constraints "
                    + "where constraint_type = 'FOREIGN KEY' and table_schema = 'crew'")).isEqualTo(2);
        }
    }

    @Test
    void countsNothingInASchemaThatDoesNotExist() {
        try (TestDatabase db = TestDatabases.create()) {

            var counts = db.rowCounts("missing");

            assertThat(counts).isEmpty();
        }
    }

    private static boolean databaseExists(String name) throws Exception {
        try (Connection connection = TestDatabases.connect("postgres");
             PreparedStatement statement = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }
}
