package com.aquastream.backup.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The local PostgreSQL server the integration tests use, at {@code PGHOST} / {@code PGPORT} /
 * {@code PGUSER} (defaults 127.0.0.1, 5432, postgres; trust authentication, or {@code PGPASSWORD}).
 * Tests create and drop only their own databases, so they never touch anyone else's data.
 */
public final class TestDatabases {

    private static final String PREFIX = "bk_test_";

    private TestDatabases() {
    }

    public static String host() {
        return Settings.get("PGHOST", "127.0.0.1");
    }

    public static int port() {
        return Integer.parseInt(Settings.get("PGPORT", "5432"));
    }

    public static String user() {
        return Settings.get("PGUSER", "postgres");
    }

    /** Creates a database named "bk_test_" + 8 random lowercase alphanumerics and returns it; drop it with close(). */
    public static TestDatabase create() {
        String name = PREFIX + RandomNames.lowercase(8);
        try (Connection maintenance = connect("postgres"); Statement statement = maintenance.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " at " + host() + ":" + port(), e);
        }
        return new TestDatabase(name);
    }

    /**
     * A test database name that is not created yet, for code under test that must create it itself (a restore into
     * a new server); close() drops it if it was created.
     */
    public static TestDatabase reserve() {
        return new TestDatabase(PREFIX + RandomNames.lowercase(8));
    }

    static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    static Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user());
        String password = Settings.get("PGPASSWORD");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }
}
