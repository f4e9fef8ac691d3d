package com.aquastream.backup.core.pitr;

import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.ServerPrograms;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
                PointInTimeRecovery.deleteRecursively(work);
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
