package com.aquastream.backup.core.pitr;

import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.ServerPrograms;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.process.ChildEnvironment;
import com.aquastream.backup.core.process.ScratchFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A server recovered to a point in time and running on a private socket of its own (no TCP): query it, dump from it,
 * then {@link #close() throw it away} or {@link #stopAndKeep() keep its data directory} for a disaster recovery.
 */
public final class RecoveredCluster implements AutoCloseable {

    private final ServerPrograms programs;
    private final Path work;
    private final Path data;
    private final Path socketDirectory;
    private final int port;
    private final String superuser;
    private final BaseBackupResult baseBackup;
    private final Instant target;
    private final Instant reachedAt;
    private final boolean endOfArchive;
    private final int segmentsFetched;
    private boolean running = true;
    private boolean kept;

    RecoveredCluster(ServerPrograms programs, Path work, Path data, Path socketDirectory, int port, String superuser,
                     BaseBackupResult baseBackup, Instant target, Instant reachedAt, boolean endOfArchive,
                     int segmentsFetched) {
        this.programs = programs;
        this.work = work;
        this.data = data;
        this.socketDirectory = socketDirectory;
        this.port = port;
        this.superuser = superuser;
        this.baseBackup = baseBackup;
        this.target = target;
        this.reachedAt = reachedAt;
        this.endOfArchive = endOfArchive;
        this.segmentsFetched = segmentsFetched;
    }

    /** The recovered (promoted) data directory. */
    public Path dataDirectory() {
        return data;
    }

    /** libpq's host for this server: its socket directory. */
    public Path socketDirectory() {
        return socketDirectory;
    }

    /** The port its socket is named after. */
    public int port() {
        return port;
    }

    /** The role tools connect as. */
    public String superuser() {
        return superuser;
    }

    /** The base backup the recovery started from. */
    public BaseBackupResult baseBackup() {
        return baseBackup;
    }

    /** The requested target, null for "to the end of the archive". */
    public Instant target() {
        return target;
    }

    /** The commit time of the last transaction replayed, null if the WAL replayed held none. */
    public Instant reachedAt() {
        return reachedAt;
    }

    /**
     * Whether the archive ended before the target: everything archived was replayed (all of it committed at or before
     * the target), so {@link #reachedAt()} is the recovery point.
     */
    public boolean endOfArchive() {
        return endOfArchive;
    }

    /** How many WAL files (segments, histories) the server fetched from the archive. */
    public int segmentsFetched() {
        return segmentsFetched;
    }

    /**
     * Runs {@code sql} with psql in {@code database} and returns its unaligned, tuples-only output (one line per
     * row, columns separated by {@code |}).
     */
    public String query(String database, String sql) throws IOException {
        return programs.run(List.of(programs.program("psql"), "--no-psqlrc", "--quiet", "--tuples-only",
                "--no-align", "--set=ON_ERROR_STOP=1", "--host=" + socketDirectory, "--port=" + port,
                "--username=" + superuser, "--dbname=" + database, "--command=" + sql), Duration.ofMinutes(10));
    }

    /**
     * Exact row counts of every relation of {@code schema} that holds rows in a dump (ordinary tables, partitions,
     * populated materialized views), keyed by unqualified name like a backup's {@code tableRowCounts}; empty when the
     * schema does not exist. Names may be anything PostgreSQL allows: psql separates them with zero bytes.
     */
    public Map<String, Long> countRows(String database, String schema) throws IOException {
        Identifiers.requireIdentifier("database", database);
        Identifiers.requireIdentifier("schema", schema);
        String out = programs.run(List.of(programs.program("psql"), "--no-psqlrc", "--quiet", "--tuples-only",
                "--no-align", "--field-separator-zero", "--record-separator-zero", "--set=ON_ERROR_STOP=1",
                "--host=" + socketDirectory, "--port=" + port, "--username=" + superuser, "--dbname=" + database,
                "--command=select c.relname, (xpath('/row/n/text()', query_to_xml(format('select count(*) as n"
                        + " from %I.%I', n.nspname, c.relname), false, true, '')))[1]::text"
                        + " from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = '"
                        + schema + "' and (c.relkind = 'r' or (c.relkind = 'm' and c.relispopulated))"),
                Duration.ofHours(2));
        // Fields and rows both end in a zero byte (names may hold anything else), so the tokens come in pairs.
        String[] tokens = out.strip().split("\0", -1);
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i + 1 < tokens.length; i += 2) {
            counts.put(tokens[i], Long.parseLong(tokens[i + 1].strip()));
        }
        return counts;
    }

    /** Whether {@code schema} exists in {@code database} of the recovered cluster. */
    public boolean schemaExists(String database, String schema) throws IOException {
        Identifiers.requireIdentifier("database", database);
        Identifiers.requireIdentifier("schema", schema);
        return "1".equals(query(database, "select count(*) from pg_namespace where nspname = '" + schema + "'")
                .strip());
    }

    /**
     * Dumps {@code schema} with pg_dump ({@code -Fc -Z0}) into {@code file}, compressed with {@code compression}
     * like a stored backup, so it can be restored the way any archive is. Returns the file's SHA-256.
     */
    public String dumpSchema(String database, String schema, Path file, Compression compression, int level)
            throws IOException {
        Identifiers.requireIdentifier("database", database);
        Identifiers.requireIdentifier("schema", schema);
        Process dump = ChildEnvironment.confine(new ProcessBuilder(programs.program("pg_dump"),
                "--host=" + socketDirectory, "--port=" + port, "--username=" + superuser, "--dbname=" + database,
                "--format=custom", "--compress=0", "--schema=" + schema, "--no-password")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.PIPE)).start();
        Thread stderrReader = new Thread(() -> drain(dump), "pg_dump-pitr-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
        try (InputStream in = dump.getInputStream();
             OutputStream out = compression.compress(Files.newOutputStream(file), level)) {
            in.transferTo(out);
            out.close();
            int exit = dump.waitFor();
            stderrReader.join(2000);
            if (exit != 0) {
                throw new IOException("pg_dump of " + database + "." + schema + " from the recovered cluster exited"
                        + " with " + exit + ": " + stderr.strip());
            }
        } catch (InterruptedException e) {
            dump.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dumping " + database + "." + schema, e);
        }
        try (InputStream written = Files.newInputStream(file)) {
            return Sha256.of(written);
        }
    }

    private volatile String stderr = "";

    private void drain(Process process) {
        try (InputStream err = process.getErrorStream()) {
            byte[] bytes = err.readNBytes(64 * 1024);
            stderr = new String(bytes, StandardCharsets.UTF_8);
            err.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Stops the server cleanly and keeps its data directory (a disaster recovery's result); returns it. */
    public Path stopAndKeep() throws IOException {
        stop("fast");
        kept = true;
        return data;
    }

    /** Stops the server at once and deletes everything of it, unless {@link #stopAndKeep kept}. */
    @Override
    public void close() throws IOException {
        try {
            stop("immediate");
        } finally {
            if (!kept) {
                ScratchFiles.deleteTree(work);
            }
        }
    }

    private void stop(String mode) throws IOException {
        if (running) {
            running = false;
            programs.run(List.of(programs.program("pg_ctl"), "--pgdata=" + data, "--mode=" + mode, "--wait",
                    "stop"), Duration.ofMinutes(5));
        }
    }

    @Override
    public String toString() {
        return "RecoveredCluster[" + Objects.toString(baseBackup.cluster()) + " to " + target + ", reached "
                + reachedAt + "]";
    }
}
