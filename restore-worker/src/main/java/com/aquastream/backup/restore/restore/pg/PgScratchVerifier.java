package com.aquastream.backup.restore.restore.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.restore.restore.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.restore.ScratchVerifier;
import com.aquastream.backup.restore.restore.VerifiedArchive;
import java.io.InputStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The manual's "Тестирование восстановления" automated: CREATE DATABASE scratch, pg_restore into it, count the
 * schema's tables, DROP DATABASE — the last step always, even when the restore failed.
 */
public final class PgScratchVerifier implements ScratchVerifier {

    private static final String PREFIX = "restore_verify_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PgConnection pg;
    private final String maintenanceDatabase;
    private final Duration timeout;

    public PgScratchVerifier(PgConnection pg, String maintenanceDatabase, Duration timeout) {
        this.pg = pg;
        this.maintenanceDatabase = maintenanceDatabase;
        this.timeout = timeout;
    }

    @Override
    public List<TableCheck> verify(String schema, VerifiedArchive archive) throws RestoreFailedException {
        String scratch = PREFIX + Long.toString(Math.abs(RANDOM.nextLong()), 36);
        execute("CREATE DATABASE " + Identifiers.quote(scratch));
        try {
            restoreInto(scratch, archive);
            return compare(archive.tableRowCounts(), countRows(scratch, schema, archive.tableRowCounts()));
        } finally {
            execute("DROP DATABASE IF EXISTS " + Identifiers.quote(scratch) + " WITH (FORCE)");
        }
    }

    private void restoreInto(String scratch, VerifiedArchive archive) throws RestoreFailedException {
        Process restore = ArchiveStreams.start(pg, List.of("pg_restore", "--no-owner", "--no-privileges",
                "--exit-on-error", "-h", pg.host(), "-p", Integer.toString(pg.port()), "-U", pg.user(),
                "-d", scratch, "--no-password"), true);
        CompletableFuture<String> stderr = ArchiveStreams.stderrOf(restore);
        try (InputStream in = ArchiveStreams.customFormat(archive)) {
            ArchiveStreams.feed(restore, in).join();
        } catch (Exception e) {
            restore.destroyForcibly();
            throw new RestoreFailedException("feeding pg_restore failed: " + e.getMessage(), e);
        }
        int exit = ArchiveStreams.exitCode(restore, timeout.toMinutes() + 1);
        if (exit != 0) {
            throw new RestoreFailedException("pg_restore into the scratch database exited " + exit + ": "
                    + ArchiveStreams.join(stderr), null);
        }
    }

    /**
     * Exact counts of the schema's tables and partitions, and of its populated materialized views that the backup
     * recorded (records of older backup-workers list tables only, and a view they did not count is no difference).
     * Names are whatever the database allowed ({@code "LoginHistory"}, {@code a"b}, {@code заказы}): quoted with
     * doubled quotes.
     */
    private Map<String, Long> countRows(String database, String schema, Map<String, Long> recorded)
            throws RestoreFailedException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = connect(database)) {
            List<String> relations = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select c.relname, c.relkind from pg_class c"
                    + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = ?"
                    + " and (c.relkind = 'r' or (c.relkind = 'm' and c.relispopulated))")) {
                ps.setString(1, Identifiers.requireIdentifier("schema", schema));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!"m".equals(rs.getString(2)) || recorded.containsKey(rs.getString(1))) {
                            relations.add(rs.getString(1));
                        }
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                for (String relation : relations) {
                    try (ResultSet rs = st.executeQuery("select count(*) from " + Identifiers.quote(schema) + "."
                            + RowCountChecks.quoteIdentifier(relation))) {
                        rs.next();
                        counts.put(relation, rs.getLong(1));
                    }
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new RestoreFailedException("counting rows in the scratch database failed: " + e.getMessage(), e);
        }
    }

    /** Every table on either side: recorded but missing counts as found 0, unrecorded as expected 0. */
    static List<TableCheck> compare(Map<String, Long> expected, Map<String, Long> found) {
        TreeSet<String> tables = new TreeSet<>(expected.keySet());
        tables.addAll(found.keySet());
        return tables.stream()
                .map(t -> new TableCheck(t, expected.getOrDefault(t, 0L), found.getOrDefault(t, 0L)))
                .toList();
    }

    private void execute(String sql) throws RestoreFailedException {
        try (Connection c = connect(maintenanceDatabase); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new RestoreFailedException(sql.split(" ")[0] + " DATABASE failed: " + e.getMessage(), e);
        }
    }

    private Connection connect(String database) throws SQLException {
        return pg.open(database, "restore-worker");
    }
}
