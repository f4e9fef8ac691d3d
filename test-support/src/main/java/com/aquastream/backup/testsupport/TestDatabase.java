package com.aquastream.backup.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A database that one test created for itself (see {@link TestDatabases#create()}) and drops when
 * closed, whoever is still connected to it. Use it in try-with-resources or close it in {@code @AfterEach}.
 */
public final class TestDatabase implements AutoCloseable {

    private final String name;

    TestDatabase(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** {@code jdbc:postgresql://host:port/name}. */
    public String jdbcUrl() {
        return TestDatabases.jdbcUrl(name);
    }

    /** A new connection, autocommit on; the caller closes it. */
    public Connection connect() {
        try {
            return TestDatabases.connect(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not connect to " + jdbcUrl(), e);
        }
    }

    /** Runs each statement in its own autocommit execution, in order. */
    public void execute(String... sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in " + name + ": " + e.getMessage(), e);
        }
    }

    /** The single long value that {@code sql} selects. */
    public long queryLong(String sql) {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new IllegalStateException("Query returned no row: " + sql);
            }
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed in " + name + ": " + e.getMessage(), e);
        }
    }

    /** The single text value that {@code sql} selects (null for SQL NULL). */
    public String queryString(String sql) {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new IllegalStateException("Query returned no row: " + sql);
            }
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed in " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Relation name (unqualified) to exact {@code count(*)} for every table, partition and populated materialized view
     * in the schema, sorted by name: the relations a backup records.
     */
    public Map<String, Long> rowCounts(String schema) {
        String tablesQuery = """
                select c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = ? and (c.relkind = 'r' or (c.relkind = 'm' and c.relispopulated))
                order by c.relname""";
        try (Connection connection = connect()) {
            List<String[]> tables = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(tablesQuery)) {
                statement.setString(1, schema);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        tables.add(new String[] {result.getString(1), result.getString(2)});
                    }
                }
            }
            Map<String, Long> counts = new TreeMap<>();
            try (Statement statement = connection.createStatement()) {
                for (String[] table : tables) {
                    try (ResultSet result = statement.executeQuery("select count(*) from " + table[1])) {
                        result.next();
                        counts.put(table[0], result.getLong(1));
                    }
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count rows of schema " + schema + " in " + name, e);
        }
    }

    /** Drops the database, first ending every other session connected to it; safe to call twice. */
    @Override
    public void close() {
        try (Connection maintenance = TestDatabases.connect("postgres");
             Statement statement = maintenance.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop database " + name, e);
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + "]";
    }
}
