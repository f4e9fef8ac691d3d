package com.aquastream.backup.restore.restore.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.restore.restore.SchemaReplacer;
import com.aquastream.backup.restore.restore.VerifiedArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Replaces a schema atomically and exactly: pg_restore turns the archive into SQL, which psql runs in ONE
 * transaction ({@code --single-transaction}, {@code ON_ERROR_STOP}) between a prelude that drops the current schema
 * and an epilogue that checks every table's row count against the backup's record.
 *
 * <p>Why not {@code pg_restore --clean --if-exists}: it drops only objects in the archive, so a table created after
 * the backup survives (and makes {@code DROP SCHEMA} fail); and {@code pg_restore --schema=S} never recreates a
 * dropped schema (RECIPES.md). Dropping the schema first, in the same transaction, makes the result exactly the
 * backup's; any error, including a wrong row count or a pg_restore failure halfway, rolls everything back.
 */
public final class PsqlSchemaReplacer implements SchemaReplacer {

    private final PgConnection pg;
    private final String maintenanceDatabase;
    private final Duration timeout;
    private final ParallelRestore parallel;

    /**
     * @param maintenanceDatabase where {@code CREATE DATABASE} is issued from
     * @param parallelJobs        {@code pg_restore -j} for a schema absent from its target
     */
    public PsqlSchemaReplacer(PgConnection pg, String maintenanceDatabase, int parallelJobs, Duration timeout) {
        this.pg = pg;
        this.maintenanceDatabase = maintenanceDatabase;
        this.timeout = timeout;
        this.parallel = new ParallelRestore(pg, parallelJobs, timeout);
    }

    @Override
    public boolean schemaExists(String database, String schema) throws RestoreFailedException {
        if (!databaseExists(database)) {
            return false;
        }
        try (Connection c = connect(database);
             PreparedStatement ps = c.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot inspect " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void createDatabaseIfMissing(String database) throws RestoreFailedException {
        Identifiers.requireIdentifier("database", database);
        if (databaseExists(database)) {
            return;
        }
        try (Connection c = connect(maintenanceDatabase); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + Identifiers.quote(database));
        } catch (SQLException e) {
            // Another restore of the same batch may have created it a moment ago.
            if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                throw new RestoreFailedException("cannot create database " + database + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void restoreAbsent(String database, String schema, VerifiedArchive archive)
            throws RestoreFailedException {
        parallel.restore(database, schema, archive);
    }

    private boolean databaseExists(String database) throws RestoreFailedException {
        try (Connection c = connect(maintenanceDatabase);
             PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot list databases: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> dependentsOutside(String database, String schema) throws RestoreFailedException {
        String sql = """
                select distinct v.relnamespace::regnamespace || '.' || v.relname || ' (view)'
                  from pg_depend d
                  join pg_rewrite r on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid
                  join pg_class v on v.oid = r.ev_class
                  join pg_class t on d.refclassid = 'pg_class'::regclass and d.refobjid = t.oid
                 where t.relnamespace = (select oid from pg_namespace where nspname = ?)
                   and v.relnamespace <> t.relnamespace
                union
                select c.conname || ' on ' || c.conrelid::regclass || ' (foreign key)'
                  from pg_constraint c
                  join pg_class t on t.oid = c.confrelid
                 where c.contype = 'f'
                   and t.relnamespace = (select oid from pg_namespace where nspname = ?)
                   and c.connamespace <> t.relnamespace
                """;
        try (Connection c = connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            List<String> dependents = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dependents.add(rs.getString(1));
                }
            }
            return dependents;
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot inspect " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void replace(String database, String schema, VerifiedArchive archive) throws RestoreFailedException {
        Identifiers.requireIdentifier("database", database);
        Identifiers.requireIdentifier("schema", schema);
        Process psql = ArchiveStreams.start(pg, List.of("psql", "-X", "-q", "-h", pg.host(),
                "-p", Integer.toString(pg.port()), "-U", pg.user(), "-d", database, "--no-password",
                "-v", "ON_ERROR_STOP=1", "--single-transaction"), true);
        Process pgRestore = ArchiveStreams.start(pg, List.of("pg_restore", "-f", "-"), false);
        CompletableFuture<String> psqlErr = ArchiveStreams.stderrOf(psql);
        CompletableFuture<String> restoreErr = ArchiveStreams.stderrOf(pgRestore);
        try {
            CompletableFuture<Void> archiveIn = ArchiveStreams.feed(pgRestore, ArchiveStreams.customFormat(archive));
            try (OutputStream script = psql.getOutputStream(); InputStream sql = pgRestore.getInputStream()) {
                script.write(prelude(schema).getBytes(StandardCharsets.UTF_8));
                ArchiveStreams.copy(sql, script);
                int restoreExit = ArchiveStreams.exitCode(pgRestore, timeout.toMinutes() + 1);
                archiveIn.join();
                if (restoreExit != 0) {
                    // Never let psql commit a partial script: make the transaction fail on purpose.
                    script.write(failure("pg_restore exited with code " + restoreExit).getBytes(StandardCharsets.UTF_8));
                } else {
                    script.write(rowCountChecks(schema, archive.tableRowCounts()).getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | RuntimeException e) {
            psql.destroyForcibly();
            pgRestore.destroyForcibly();
            throw new RestoreFailedException("restore of " + archive.key() + " broke off: " + e.getMessage(), e);
        }
        int psqlExit = ArchiveStreams.exitCode(psql, timeout.toMinutes() + 1);
        int restoreExit = pgRestore.exitValue();
        if (restoreExit != 0 || psqlExit != 0) {
            throw new RestoreFailedException("restore of " + archive.key() + " into " + database + " failed"
                    + (restoreExit != 0 ? "; pg_restore exited " + restoreExit + ": "
                    + ArchiveStreams.join(restoreErr) : "")
                    + (psqlExit != 0 ? "; psql exited " + psqlExit + ": " + ArchiveStreams.join(psqlErr) : ""), null);
        }
    }

    private static String prelude(String schema) {
        return "SET client_min_messages = warning;\nDROP SCHEMA IF EXISTS " + Identifiers.quote(schema)
                + " CASCADE;\n";
    }

    private static String failure(String reason) {
        return "\nDO $fail$ BEGIN RAISE EXCEPTION '" + reason.replace("'", "''") + "'; END $fail$;\n";
    }

    /** Fails the transaction unless every recorded table holds exactly its recorded rows. */
    static String rowCountChecks(String schema, Map<String, Long> expected) {
        StringBuilder sql = new StringBuilder("\nDO $check$ DECLARE found bigint; BEGIN\n");
        expected.forEach((table, rows) -> {
            String qualified = Identifiers.quote(schema) + "." + quoteIdentifier(table);
            String message = ("table " + schema + "." + table.replace("%", "%%") + " has % rows after the restore, the backup recorded "
                    + rows.longValue()).replace("'", "''");
            sql.append("  SELECT count(*) INTO found FROM ").append(qualified).append(";\n")
                    .append("  IF found <> ").append(rows.longValue()).append(" THEN RAISE EXCEPTION '")
                    .append(message).append("', found; END IF;\n");
        });
        return sql.append("END $check$;\n").toString();
    }

    /** Table names come from the backup's record and may need quoting of any character: double the quotes. */
    static String quoteIdentifier(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("unusable table name in the backup's record");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private Connection connect(String database) throws SQLException {
        return pg.open(database, "restore-worker");
    }
}
