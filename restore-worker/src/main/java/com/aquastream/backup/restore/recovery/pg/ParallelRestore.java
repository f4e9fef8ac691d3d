package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a schema that is absent from its target with {@code pg_restore -j}: the archive is decompressed to a
 * local file (parallel jobs need to seek in it), restored with {@code --exit-on-error}, and checked table by table
 * against the recorded counts ({@link RowCountChecks#differingAfterCommit}). Any failure drops the schema again, so the
 * target is as it was (without it). A worker that dies during it cannot drop anything: the mark it left
 * ({@link UnfinishedRestoreMark}) makes the next delivery of the command drop the partial schema first.
 */
final class ParallelRestore {

    private static final Logger log = LoggerFactory.getLogger(ParallelRestore.class);
    /** How long the restore sessions' counters may take to reach the shared statistics before tables are counted. */
    private static final Duration STATISTICS_WAIT = Duration.ofSeconds(3);

    private final PgConnection pg;
    private final int jobs;
    private final Duration timeout;

    ParallelRestore(PgConnection pg, int jobs, Duration timeout) {
        if (jobs < 1) {
            throw new IllegalArgumentException("parallel restore jobs must be at least 1, was " + jobs);
        }
        this.pg = pg;
        this.jobs = jobs;
        this.timeout = timeout;
    }

    /**
     * Restores, checks, and on failure drops the schema again. While it runs, an {@link UnfinishedRestoreMark} in
     * the target says so: if this worker dies halfway, the next delivery of the command finds the mark and drops the
     * partial schema ({@link UnfinishedRestoreMark#discard}) before restoring it again.
     */
    void restore(String database, String schema, VerifiedArchive archive) throws RestoreFailedException {
        restore(database, schema, archive, null, null);
    }

    /**
     * As {@link #restore(String, String, VerifiedArchive)}, restoring only the entries of {@code list} (a
     * {@code pg_restore -L} list; null: all) and running {@code closingSql} after the checks passed, in one
     * transaction with dropping the mark (so what it records is there exactly when the schema counts as complete).
     */
    void restore(String database, String schema, VerifiedArchive archive, Path list, String closingSql)
            throws RestoreFailedException {
        Identifiers.requireIdentifier("database", database);
        Identifiers.requireIdentifier("schema", schema);
        Path custom = archive.file().resolveSibling(archive.file().getFileName() + ".custom");
        try {
            try (InputStream in = ArchiveStreams.customFormat(archive);
                 java.io.OutputStream out = Files.newOutputStream(custom)) {
                ArchiveStreams.copy(in, out);
            } catch (IOException e) {
                throw new RestoreFailedException("cannot decompress " + archive.key() + ": " + e.getMessage(), e);
            }
            try (UnfinishedRestoreMark mark = UnfinishedRestoreMark.begin(pg, database, schema, archive.key(),
                    timeout)) {
                restoreMarked(database, schema, archive, custom, mark, list, closingSql);
            }
        } finally {
            try {
                Files.deleteIfExists(custom);
            } catch (IOException e) {
                log.warn("could not delete the temporary archive {}: {}", custom, e.toString());
            }
        }
    }

    private void restoreMarked(String database, String schema, VerifiedArchive archive, Path custom,
                               UnfinishedRestoreMark mark, Path list, String closingSql)
            throws RestoreFailedException {
        try {
            runPgRestore(database, custom, archive.key(), UnfinishedRestoreMark.applicationName(schema), list);
            List<String> differing = differingTables(database, schema, archive.tableRowCounts());
            if (!differing.isEmpty()) {
                throw new RestoreFailedException("after restoring " + archive.key() + " the row counts differ: "
                        + String.join(", ", differing), null);
            }
            if (closingSql != null) {
                close(database, schema, closingSql);
            }
        } catch (RestoreFailedException e) {
            if (e.getMessage().contains("schema \"" + schema + "\" already exists")) {
                // Someone created the schema after it was found absent: it is not ours to drop.
                finishQuietly(mark, database, schema);
                throw new RestoreFailedException(e.getMessage() + "; the schema appeared while the restore"
                        + " started and was left as it is", e.getCause());
            }
            if (dropQuietly(database, schema)) {
                finishQuietly(mark, database, schema);
                throw new RestoreFailedException(e.getMessage() + "; the partly restored schema was dropped again",
                        e.getCause());
            }
            throw new RestoreFailedException(e.getMessage() + "; the partly restored schema could not be dropped"
                    + " (the next delivery of the command drops it)", e.getCause());
        }
        try {
            mark.finish();
        } catch (SQLException e) {
            // The schema is complete, but still marked: the next delivery would restore it once more. Say so.
            throw new RestoreFailedException("restored and checked " + schema + ", but cannot drop the marker "
                    + UnfinishedRestoreMark.markerSchema(schema) + ": " + e.getMessage(), e);
        }
    }

    /** The closing SQL and the mark's end in one transaction: the schema is complete, with what it recorded. */
    private void close(String database, String schema, String closingSql) throws RestoreFailedException {
        try (Connection c = pg.open(database, "restore-worker")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS "
                        + Identifiers.quoteName(UnfinishedRestoreMark.markerSchema(schema)));
                st.execute(closingSql);
            }
            c.commit();
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot complete the restore of " + schema + ": " + e.getMessage(), e);
        }
    }

    private void runPgRestore(String database, Path custom, String key, String applicationName, Path list)
            throws RestoreFailedException {
        List<String> command = new java.util.ArrayList<>(List.of("pg_restore", "-h", pg.host(),
                "-p", Integer.toString(pg.port()), "-U", pg.user(), "--no-password", "-d", database,
                "--exit-on-error", "-j", Integer.toString(jobs)));
        if (list != null) {
            command.addAll(List.of("-L", list.toString()));
        }
        command.add(custom.toString());
        Process restore = ArchiveStreams.start(pg, command, true, Map.of("PGAPPNAME", applicationName));
        CompletableFuture<String> stderr = ArchiveStreams.stderrOf(restore);
        try {
            restore.getOutputStream().close(); // pg_restore reads the file, not stdin
        } catch (IOException ignored) {
            // already closed
        }
        int exit = ArchiveStreams.exitCode(restore, timeout.toMinutes() + 1);
        if (exit != 0) {
            throw new RestoreFailedException("parallel restore of " + key + " into " + database + " failed;"
                    + " pg_restore exited " + exit + ": " + ArchiveStreams.join(stderr), null);
        }
    }

    private List<String> differingTables(String database, String schema, Map<String, Long> expected)
            throws RestoreFailedException {
        try (Connection c = pg.open(database, "restore-worker")) {
            return RowCountChecks.differingAfterCommit(c, schema, expected, STATISTICS_WAIT);
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot check the restored row counts: " + e.getMessage(), e);
        }
    }

    private boolean dropQuietly(String database, String schema) {
        try (Connection c = pg.open(database, "restore-worker"); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + Identifiers.quote(schema) + " CASCADE");
            return true;
        } catch (SQLException e) {
            log.error("could not drop the partly restored schema {}.{}: {}", database, schema, e.getMessage());
            return false;
        }
    }

    private static void finishQuietly(UnfinishedRestoreMark mark, String database, String schema) {
        try {
            mark.finish();
        } catch (SQLException e) {
            log.error("could not drop the marker of the restore of {}.{}: {}", database, schema, e.getMessage());
        }
    }
}
