package com.aquastream.backup.core.pg;

import com.aquastream.backup.core.naming.Identifiers;

import java.util.Map;
import java.util.Objects;

/**
 * How to reach a PostgreSQL server, shared by JDBC sessions and the client tools (pg_dump, pg_restore).
 *
 * <p>The password is handed to child processes only through the environment ({@link #processEnvironment()}), never
 * as an argument (arguments are visible to every user in {@code ps}), and {@link #toString()} hides it.
 *
 * @param password {@code null} when the server does not need one (trust auth) or a {@code .pgpass} file is used
 */
public record PgConnection(String host, int port, String user, String password) {

    public PgConnection {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        if (host.isBlank() || host.startsWith("-")) {
            throw new IllegalArgumentException("invalid host");
        }
        if (user.isBlank() || user.startsWith("-")) {
            throw new IllegalArgumentException("invalid user");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * The JDBC URL of {@code database} on this server.
     *
     * @throws com.aquastream.backup.core.naming.InvalidIdentifierException if database is not a plain identifier
     */
    public String jdbcUrl(String database) {
        Identifiers.requireIdentifier("database", database);
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    /**
     * Opens a JDBC connection to {@code database} as this user, tagged with {@code applicationName} (visible in
     * {@code pg_stat_activity}). The password goes in the connection properties, never in the URL.
     */
    public java.sql.Connection open(String database, String applicationName) throws java.sql.SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("loginTimeout", "30");
        return java.sql.DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Environment variables for pg_dump/pg_restore: {@code PGPASSWORD} when a password is set, else nothing. */
    public Map<String, String> processEnvironment() {
        return password == null ? Map.of() : Map.of("PGPASSWORD", password);
    }

    @Override
    public String toString() {
        return "PgConnection[host=" + host + ", port=" + port + ", user=" + user + ", password="
                + (password == null ? "none" : "******") + "]";
    }
}
