package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.events.DependentObject;
import com.aquastream.backup.restore.recovery.SchemaReplacer;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Replaces a schema atomically and exactly: pg_restore turns the archive into SQL, which psql runs in ONE
 * transaction ({@code BEGIN} … {@code COMMIT}, {@code ON_ERROR_STOP}) between a prelude that drops the current schema
 * and an epilogue that checks every table's row count against the backup's record; the COMMIT is sent by this JVM
 * only after the checks passed, so a worker that dies mid-restore commits nothing.
 *
 * <p>Why not {@code pg_restore --clean --if-exists}: it drops only objects in the archive, so a table created after
 * the backup survives (and makes {@code DROP SCHEMA} fail); and {@code pg_restore --schema=S} never recreates a
 * dropped schema (RECIPES.md). Dropping the schema first, in the same transaction, makes the result exactly the
 * backup's; any error, including a wrong row count or a pg_restore failure halfway, rolls everything back.
 */
public final class PsqlSchemaReplacer implements SchemaReplacer {

    /** A process killed by SIGPIPE: pg_restore writing into the FIFO after psql stopped reading it. */
    private static final int BROKEN_PIPE_EXIT = 128 + 13;

    private final PgConnection pg;
    private final String maintenanceDatabase;
    private final Duration timeout;
    /** {@code pg_restore -j} for absent schemas; null with one job (the single-transaction load instead). */
    private final ParallelRestore parallel;

    /**
     * @param maintenanceDatabase where {@code CREATE DATABASE} is issued from
     * @param parallelJobs        {@code pg_restore -j} for a schema absent from its target; 1 restores it in one
     *                            transaction like a replace (see {@link #restoreAbsent})
     */
    public PsqlSchemaReplacer(PgConnection pg, String maintenanceDatabase, int parallelJobs, Duration timeout) {
        this.pg = pg;
        this.maintenanceDatabase = maintenanceDatabase;
        this.timeout = timeout;
        if (parallelJobs < 1) {
            throw new IllegalArgumentException("parallel restore jobs must be at least 1, was " + parallelJobs);
        }
        this.parallel = parallelJobs > 1 ? new ParallelRestore(pg, parallelJobs, timeout) : null;
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

    /**
     * With {@code parallelJobs > 1}, {@code pg_restore -j}; with 1, the single-transaction load without the drop
     * (a schema someone created meanwhile makes it fail and stay as it is), which needs no decompressed copy of the
     * archive and no table scans, and is all-or-nothing by itself.
     */
    @Override
    public void restoreAbsent(String database, String schema, VerifiedArchive archive)
            throws RestoreFailedException {
        if (parallel != null) {
            parallel.restore(database, schema, archive);
        } else {
            load(database, schema, archive, false);
        }
    }

    /**
     * Only a parallel restore can leave anything unfinished (the single-transaction load rolls back when its
     * worker dies); its mark is looked for even with one job configured now, as the worker that died may have run
     * with more.
     */
    @Override
    public boolean discardUnfinishedRestore(String database, String schema) throws RestoreFailedException {
        if (!databaseExists(database)) {
            return false;
        }
        return UnfinishedRestoreMark.discard(pg, database, schema, timeout.plusMinutes(1));
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

    /** The same lookup as the replace's own, in a transaction of its own that is rolled back. */
    @Override
    public List<Dependent> dependentsOutside(String database, String schema) throws RestoreFailedException {
        try (Connection c = connect(database)) {
            return OutsideDependents.inspect(c, schema);
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot inspect " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<DependentObject> replace(String database, String schema, VerifiedArchive archive,
                                         boolean dropDependents) throws RestoreFailedException {
        return load(database, schema, archive, true, dropDependents);
    }

    /** The load of an absent schema: nothing to drop, so nothing of other schemas to keep. */
    private void load(String database, String schema, VerifiedArchive archive, boolean dropFirst)
            throws RestoreFailedException {
        load(database, schema, archive, dropFirst, false);
    }

    /**
     * One transaction, opened by an explicit {@code BEGIN}: the prelude (dropping the current schema when
     * {@code dropFirst}), pg_restore's SQL, the row-count checks, and a {@code COMMIT} that this JVM sends only after
     * psql has reported the checks passed.
     *
     * <p>pg_restore writes its SQL into a FIFO that psql reads with {@code \i}, so the SQL goes from one process
     * to the other through one pipe instead of being relayed by this JVM (on 2 cores the extra hop cost about
     * 0.8 s of CPU per 540 MB of SQL). psql's own stdin stays with us: the checks are written only after pg_restore
     * has exited 0, and the COMMIT only after psql printed the token that follows them.
     *
     * <p>Why not {@code psql --single-transaction}: it commits at the end of its input, and the end of its input is
     * also what psql sees when this JVM dies (OOM killer, {@code kill -9}): its stdin closes, and it would commit
     * whatever had arrived (a schema dropped and half loaded, or loaded but never checked). With an explicit BEGIN
     * and no COMMIT in pg_restore's output (it writes none for a schema archive: the archive has no large objects,
     * which pg_dump {@code -n} leaves out), the end of input without our COMMIT ends the session and the server
     * rolls back. The command was not acknowledged, so the next worker redoes it.
     *
     * <p>With {@code dropFirst}, the objects of other schemas that the drop takes are recorded before it and
     * re-created after the checks, in the same transaction ({@link OutsideDependents}); psql prints what became of
     * them on a line of its own before the token, and a restore whose report cannot be read is not committed.
     *
     * @return with {@code dropFirst}, the objects of other schemas that were dropped, each RECREATED or LOST
     */
    private List<DependentObject> load(String database, String schema, VerifiedArchive archive, boolean dropFirst,
                                       boolean dropDependents) throws RestoreFailedException {
        Identifiers.requireIdentifier("database", database);
        Identifiers.requireIdentifier("schema", schema);
        Path sql = SqlFifo.create(archive.file().resolveSibling(archive.file().getFileName() + ".sql"));
        try {
            // -A -t: query results print bare, one per line, so the checks' token is a line of its own.
            Process psql = ArchiveStreams.start(pg, List.of("psql", "-X", "-q", "-A", "-t", "-h", pg.host(),
                    "-p", Integer.toString(pg.port()), "-U", pg.user(), "-d", database, "--no-password",
                    "-v", "ON_ERROR_STOP=1"), false);
            CompletableFuture<String> psqlErr = ArchiveStreams.stderrOf(psql);
            String checkedToken = "restore-worker checks passed " + UUID.randomUUID();
            String reportPrefix = "restore-worker dependents " + UUID.randomUUID();
            PsqlOutput output = PsqlOutput.read(psql, checkedToken, reportPrefix);
            CompletableFuture<Boolean> checked = output.tokenSeen();
            Process pgRestore;
            try {
                pgRestore = ArchiveStreams.start(pg, SqlFifo.pgRestoreInto(sql, List.of()), true);
            } catch (RestoreFailedException e) {
                psql.destroyForcibly();
                throw e;
            }
            CompletableFuture<String> restoreErr = ArchiveStreams.stderrOf(pgRestore);
            OutputStream script = psql.getOutputStream();
            List<DependentObject> dependents;
            try {
                CompletableFuture<Void> archiveIn = ArchiveStreams.feed(pgRestore,
                        ArchiveStreams.customFormat(archive));
                script.write(("BEGIN;\n" + prelude(schema, dropFirst, dropDependents) + SqlFifo.include(sql))
                        .getBytes(StandardCharsets.UTF_8));
                script.flush();
                int restoreExit = ArchiveStreams.awaitRestore(pgRestore, psql, timeout);
                if (restoreExit != 0 || !psql.isAlive()) {
                    // psql failing first kills pg_restore with a broken pipe: then psql's error is the reason,
                    // and psql may take a moment longer to end. It never commits: COMMIT is ours to send.
                    boolean psqlEnded = ArchiveStreams.endsWithin(psql, restoreExit == BROKEN_PIPE_EXIT ? 10_000 : 500);
                    String psqlFailure = psqlEnded ? "; psql exited " + psql.exitValue() + ": "
                            + SqlFifo.explained(ArchiveStreams.join(psqlErr)) : "";
                    psql.destroyForcibly(); // the session ends inside the transaction: the server rolls it back
                    ArchiveStreams.exitCode(psql, 1);
                    throw new RestoreFailedException("restore of " + archive.key() + " into " + database + " failed"
                            + (restoreExit != 0 ? "; pg_restore exited " + restoreExit + ": "
                            + ArchiveStreams.join(restoreErr) : "") + psqlFailure, null);
                }
                archiveIn.join();
                script.write((RowCountChecks.inTransaction(schema, archive.tableRowCounts())
                        + (dropFirst ? OutsideDependents.recreate() + OutsideDependents.report(reportPrefix) : "")
                        + "SELECT " + literal(checkedToken) + ";\n").getBytes(StandardCharsets.UTF_8));
                script.flush();
                if (!ArchiveStreams.awaitToken(checked, psql, timeout, "the row-count checks")) {
                    // psql stopped at an error (ON_ERROR_STOP) before printing the token: nothing was committed.
                    int psqlExit = ArchiveStreams.exitCode(psql, 1);
                    throw new RestoreFailedException("restore of " + archive.key() + " into " + database
                            + " failed; psql exited " + psqlExit + ": " + SqlFifo.explained(ArchiveStreams.join(psqlErr)), null);
                }
                if (dropFirst && output.report() == null) {
                    throw new IOException("psql printed no report of the objects of other schemas");
                }
                // Read before COMMIT: a restore that cannot say what became of other schemas' objects is not kept.
                try {
                    dependents = dropFirst ? OutsideDependents.parse(output.report()) : List.of();
                } catch (RestoreFailedException e) {
                    psql.destroyForcibly(); // the session ends inside the transaction: the server rolls it back
                    throw e;
                }
                script.write("COMMIT;\n".getBytes(StandardCharsets.UTF_8)); // the restore and its checks succeeded
                script.close();
            } catch (IOException | RuntimeException e) {
                boolean psqlEnded = !psql.isAlive(); // then its error says why (e.g. a broken pipe to it)
                psql.destroyForcibly();
                pgRestore.destroyForcibly();
                throw new RestoreFailedException("restore of " + archive.key() + " broke off: " + e.getMessage()
                        + (psqlEnded ? "; psql: " + SqlFifo.explained(ArchiveStreams.join(psqlErr)) : ""), e);
            }
            int psqlExit = ArchiveStreams.exitCode(psql, timeout.toMinutes() + 1);
            if (psqlExit != 0) {
                throw new RestoreFailedException("restore of " + archive.key() + " into " + database + " failed;"
                        + " psql exited " + psqlExit + " at COMMIT: " + SqlFifo.explained(ArchiveStreams.join(psqlErr)), null);
            }
            return dependents;
        } finally {
            SqlFifo.delete(sql);
        }
    }

    private static String prelude(String schema, boolean dropFirst, boolean dropDependents) {
        return "SET client_min_messages = warning;\n"
                + (dropFirst ? OutsideDependents.beforeDrop(schema, dropDependents)
                + "DROP SCHEMA IF EXISTS " + Identifiers.quote(schema) + " CASCADE;\n"
                + OutsideDependents.afterDrop(schema) : "");
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private Connection connect(String database) throws SQLException {
        return pg.open(database, "restore-worker");
    }
}
