package com.aquastream.backup.restore.restore.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.restore.restore.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.restore.VerifiedArchive;
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
 * against the recorded counts ({@link RowCountChecks#differingAfterCommit}). Any failure drops the schema again, so the target is as it was (without it).
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

    void restore(String database, String schema, VerifiedArchive archive) throws RestoreFailedException {
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
            try {
                runPgRestore(database, custom, archive.key());
                List<String> differing = differingTables(database, schema, archive.tableRowCounts());
                if (!differing.isEmpty()) {
                    throw new RestoreFailedException("after restoring " + archive.key() + " the row counts differ: "
                            + String.join(", ", differing), null);
                }
            } catch (RestoreFailedException e) {
                if (e.getMessage().contains("schema \"" + schema + "\" already exists")) {
                    // Someone created the schema after it was found absent: it is not ours to drop.
                    throw new RestoreFailedException(e.getMessage() + "; the schema appeared while the restore"
                            + " started and was left as it is", e.getCause());
                }
                dropQuietly(database, schema);
                throw new RestoreFailedException(e.getMessage() + "; the partly restored schema was dropped again",
                        e.getCause());
            }
        } finally {
            try {
                Files.deleteIfExists(custom);
            } catch (IOException e) {
                log.warn("could not delete the temporary archive {}: {}", custom, e.toString());
            }
        }
    }

    private void runPgRestore(String database, Path custom, String key) throws RestoreFailedException {
        Process restore = ArchiveStreams.start(pg, List.of("pg_restore", "-h", pg.host(),
                "-p", Integer.toString(pg.port()), "-U", pg.user(), "--no-password", "-d", database,
                "--exit-on-error", "-j", Integer.toString(jobs), custom.toString()), true);
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

    private void dropQuietly(String database, String schema) {
        try (Connection c = pg.open(database, "restore-worker"); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + Identifiers.quote(schema) + " CASCADE");
        } catch (SQLException e) {
            log.error("could not drop the partly restored schema {}.{}: {}", database, schema, e.getMessage());
        }
    }
}
