package com.aquastream.backup.wal.archiving.jdbc;

import com.aquastream.backup.core.wal.Lsn;
import com.aquastream.backup.core.wal.WalLag;
import com.aquastream.backup.wal.archiving.ClusterSettings;
import com.aquastream.backup.wal.archiving.PgServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link PgServer} over JDBC: a short connection per question to the {@code postgres} database with the cluster's
 * user and password. Why not a pool: one question every few seconds per cluster, and a pool would hold connections
 * to a server that may be restarted or promoted under it.
 */
public final class JdbcPgServer implements PgServer {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|kB|MB|GB)");
    private static final int TIMEOUT_SECONDS = 10;

    private final ClusterSettings cluster;

    public JdbcPgServer(ClusterSettings cluster) {
        this.cluster = cluster;
    }

    @Override
    public long walSegmentBytes() throws IOException {
        return parseSize(query("show wal_segment_size"));
    }

    @Override
    public Lsn currentLsn() throws IOException {
        try (Connection connection = connect()) {
            return WalLag.currentLsn(connection);
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /**
     * Reads a size as the server shows it ({@code 16MB}, {@code 1MB}, {@code 1GB}; units of 1024).
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static long parseSize(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a size as PostgreSQL shows it: " + text);
        }
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "B" -> value;
            case "kB" -> value << 10;
            case "MB" -> value << 20;
            default -> value << 30;
        };
    }

    private String query(String sql) throws IOException {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", cluster.user());
        if (cluster.password() != null) {
            properties.setProperty("password", cluster.password());
        }
        properties.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "wal-archiver");
        return DriverManager.getConnection("jdbc:postgresql://" + hostForUrl(cluster.host()) + ":" + cluster.port()
                + "/postgres", properties);
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The driver's message names host and port, never the password. */
    private IOException unreachable(SQLException e) {
        return new IOException("server of cluster " + cluster.name() + " at " + cluster.host() + ":" + cluster.port()
                + " unreachable: " + e.getMessage(), e);
    }
}
