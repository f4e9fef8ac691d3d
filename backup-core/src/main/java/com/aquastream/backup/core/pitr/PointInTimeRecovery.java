package com.aquastream.backup.core.pitr;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.process.ScratchFiles;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.wal.BaseBackupArchive;
import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.BaseBackups;
import com.aquastream.backup.core.wal.Lsn;
import com.aquastream.backup.core.wal.ServerPrograms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers a cluster to a point in time from the archive: the newest base backup finished before the target,
 * extracted and checked ({@link BaseBackupArchive}), started as a throw-away server on a private socket with a
 * {@code restore_command} that fetches and verifies the archived WAL ({@link WalFetchServer}), replayed to
 * {@code recovery_target_time} and promoted.
 *
 * <p>When the archive ends before the target (the source is gone, or nothing was committed after the target, so
 * PostgreSQL never sees a commit past it and stops with "recovery ended before configured recovery target was
 * reached"), and no segment was missing or corrupt on the way, everything archived is at or before the target: the
 * recovery is finished to the end of the archive, and the result says so and which commit it reached. A missing or
 * corrupt segment is never papered over: the recovery fails naming it.
 */
public final class PointInTimeRecovery {

    private static final Pattern LAST_COMMIT = Pattern.compile(
            "(?:last completed transaction was at log time|recovery stopping (?:before|after) commit of transaction"
                    + " \\d+, time) (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)\\+00");
    private static final Pattern SEGMENT_SIZE = Pattern.compile("Bytes per WAL segment:\\s+(\\d+)");
    private static final String READY = "database system is ready to accept connections";
    private static final String BEFORE_TARGET = "recovery ended before configured recovery target was reached";
    private static final DateTimeFormatter TARGET_FORMAT = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOG_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter();

    /**
     * How to recover.
     *
     * @param superuser the role that owns the recovered cluster (libpq connects as it over the private socket)
     * @param keep      whether the data directory is kept for use (fsync on), rather than thrown away after a dump
     *                  (fsync off: faster, and nothing of it must survive a crash)
     * @param timeout   how long the replay may take
     */
    public record Options(String superuser, boolean keep, Duration timeout) {

        public Options {
            Objects.requireNonNull(superuser, "superuser");
            Objects.requireNonNull(timeout, "timeout");
        }

        /** A throw-away recovery as {@code postgres}, at most six hours of replay. */
        public static Options throwAway() {
            return new Options("postgres", false, Duration.ofHours(6));
        }
    }

    private final ObjectStore store;
    private final ServerPrograms programs;
    private final Path workRoot;

    /**
     * @param programs the server programs of the cluster's major version
     * @param workRoot where recoveries get their directory: a short path (the socket's name must fit 107 bytes) that
     *                 the server's OS user can traverse to (created mode 0711 if missing)
     */
    public PointInTimeRecovery(ObjectStore store, ServerPrograms programs, Path workRoot) {
        this.store = Objects.requireNonNull(store, "store");
        this.programs = Objects.requireNonNull(programs, "programs");
        this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
    }

    /**
     * Recovers {@code cluster} to {@code target} (null: to the end of the archive) and returns the running,
     * promoted server; the caller closes it.
     */
    public RecoveredCluster recover(String cluster, Instant target, Options options) throws IOException {
        Instant chooseBefore = target == null ? Instant.MAX : target;
        BaseBackupResult base = BaseBackups.newestBefore(store, cluster, chooseBefore).orElseThrow(() ->
                new PitrFailedException(PitrFailedException.Reason.NO_BASE_BACKUP, null, "no base backup of cluster "
                        + cluster + " had finished before " + (target == null ? "now" : target.toString()), null));
        return recover(cluster, base, new Target(target, null), options);
    }

    /**
     * Recovers {@code cluster} to just before the WAL position {@code target} ({@code recovery_target_lsn},
     * exclusive: every record that starts before it is replayed) and returns the running, promoted server. Unlike a
     * time, a position the archive does not reach is a failure, never "the end of the archive".
     */
    public RecoveredCluster recoverToLsn(String cluster, Lsn target, Options options) throws IOException {
        Objects.requireNonNull(target, "target");
        BaseBackupResult base = BaseBackups.newestEndingBefore(store, cluster, target).orElseThrow(() ->
                new PitrFailedException(PitrFailedException.Reason.NO_BASE_BACKUP, null, "no base backup of cluster "
                        + cluster + " ends before WAL position " + target, null));
        return recover(cluster, base, new Target(null, target), options);
    }

    /** A time, a WAL position, or neither (the end of the archive). */
    private record Target(Instant time, Lsn lsn) {

        boolean any() {
            return time != null || lsn != null;
        }
    }

    private RecoveredCluster recover(String cluster, BaseBackupResult base, Target target, Options options)
            throws IOException {
        if (!Files.isDirectory(workRoot)) {
            // traversable: the server's OS user must reach its directory inside
            Files.createDirectories(workRoot, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx--x--x")));
        }
        Path work = Files.createTempDirectory(workRoot, "pitr-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        boolean handedOver = false;
        ServerPrograms server = programs; // the base backup's major version once it is known
        try {
            programs.own(work);
            Path data = work.resolve("data");
            Path sockets = Files.createDirectory(work.resolve("socket"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            programs.own(sockets);
            BaseBackupArchive archive = new BaseBackupArchive(store, programs, work);
            try {
                archive.extract(base.key(), Compression.fromWireName(base.compression()), data);
            } catch (IOException e) {
                throw new PitrFailedException(PitrFailedException.Reason.BASE_BACKUP_DAMAGED, null,
                        "base backup " + base.key() + " cannot be used: " + e.getMessage(), e);
            }
            server = serverFor(data, base);
            try {
                new BaseBackupArchive(store, server, work).verifyExtracted(data);
            } catch (IOException e) {
                throw new PitrFailedException(PitrFailedException.Reason.BASE_BACKUP_DAMAGED, null,
                        "base backup " + base.key() + " cannot be used: " + e.getMessage(), e);
            }
            long segmentBytes = segmentBytes(server, data);
            int port = freePort();
            Path log = work.resolve("server.log");
            try (WalFetchServer wal = new WalFetchServer(store, cluster, segmentBytes, work.resolve("spool"))) {
                configure(data, sockets, port, wal.restoreCommand(), target, options);
                boolean endOfArchive = false;
                IOException failure = start(server, data, log, options.timeout());
                if (failure != null && target.time() != null && readLog(log).contains(BEFORE_TARGET)
                        && wal.problem().isEmpty()) {
                    configure(data, sockets, port, wal.restoreCommand(), new Target(null, null), options);
                    endOfArchive = true;
                    failure = start(server, data, log, options.timeout());
                }
                if (wal.problem().isPresent()) {
                    stopQuietly(server, data);
                    WalFetchServer.Problem problem = wal.problem().get();
                    throw new PitrFailedException(problem.kind() == WalFetchServer.Problem.Kind.MISSING
                            ? PitrFailedException.Reason.MISSING_SEGMENT : PitrFailedException.Reason.CORRUPT_SEGMENT,
                            problem.file(), "point-in-time recovery of " + cluster + " stopped: " + problem.describe(),
                            null);
                }
                if (failure != null) {
                    throw new PitrFailedException(PitrFailedException.Reason.RECOVERY_FAILED, null,
                            "point-in-time recovery of " + cluster + " failed: " + failure.getMessage() + "; server log: "
                                    + tail(readLog(log)), failure);
                }
                RecoveredCluster recovered = new RecoveredCluster(server, work, data, sockets, port,
                        options.superuser(), base, target.time(), lastCommit(readLog(log)).orElse(null), endOfArchive,
                        wal.served());
                handedOver = true;
                return recovered;
            }
        } finally {
            if (!handedOver) {
                stopQuietly(server, work.resolve("data"));
                ScratchFiles.deleteTree(work);
            }
        }
    }

    private void configure(Path data, Path sockets, int port, String restoreCommand, Target target, Options options)
            throws IOException {
        Path auto = data.resolve("postgresql.auto.conf");
        if (Files.exists(auto)) {
            // the source's ALTER SYSTEM settings (memory sizes, archive commands) are not this server's
            Files.move(auto, data.resolve("postgresql.auto.conf.from-backup"));
        }
        Files.deleteIfExists(data.resolve("standby.signal"));
        StringBuilder conf = new StringBuilder()
                .append("# written for a point-in-time recovery; the source's settings are not used\n")
                .append("port = ").append(port).append('\n')
                .append("listen_addresses = ''\n")
                .append("unix_socket_directories = '").append(sockets).append("'\n")
                .append("unix_socket_permissions = 0700\n")
                .append("hot_standby = off\n")
                .append("archive_mode = off\n")
                .append("max_wal_size = '1GB'\n")
                .append("shared_buffers = '128MB'\n")
                .append("log_timezone = 'UTC'\n")
                .append("timezone = 'UTC'\n")
                .append("fsync = ").append(options.keep() ? "on" : "off").append('\n')
                .append("restore_command = '").append(restoreCommand.replace("'", "''")).append("'\n")
                .append("recovery_target_timeline = 'latest'\n");
        if (target.time() != null) {
            conf.append("recovery_target_time = '").append(TARGET_FORMAT.format(target.time())).append("'\n")
                    .append("recovery_target_inclusive = on\n");
        } else if (target.lsn() != null) {
            conf.append("recovery_target_lsn = '").append(target.lsn()).append("'\n")
                    .append("recovery_target_inclusive = off\n");
        }
        if (target.any()) {
            conf.append("recovery_target_action = 'promote'\n");
        }
        writeOwned(data.resolve("postgresql.conf"), conf.toString());
        writeOwned(data.resolve("pg_hba.conf"), "local all all trust\n");
        writeOwned(data.resolve("recovery.signal"), "");
    }

    private void writeOwned(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        programs.own(file);
    }

    /**
     * Starts the server and waits until the recovery is over: it accepts connections (promoted), or it stopped.
     * Returns the failure, if any. Why not {@code pg_ctl --wait} alone: with {@code hot_standby = off}, pg_ctl
     * reports a recovering server as started as soon as the recovery begins.
     */
    private IOException start(ServerPrograms server, Path data, Path log, Duration timeout) {
        long from = readLog(log).length();
        try {
            server.run(List.of(server.program("pg_ctl"), "--pgdata=" + data, "--log=" + log, "--wait",
                    "--timeout=60", "start"), Duration.ofMinutes(2));
        } catch (IOException e) {
            return e;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String since = readLog(log).substring((int) Math.min(from, readLog(log).length()));
                if (since.contains(READY)) {
                    return null;
                }
                if (!Files.exists(data.resolve("postmaster.pid"))) {
                    return new IOException("the server stopped during the recovery");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(server, data);
            return new IOException("interrupted while the server recovered", e);
        }
        stopQuietly(server, data);
        return new IOException("the recovery did not finish within " + timeout);
    }

    /**
     * The server programs of the base backup's major version ({@code PG_VERSION}): {@code {major}} in the configured
     * directory is replaced by it, and the programs found there must be of that version, or the recovery fails
     * saying which it needs (a server refuses a data directory of another major version anyway, less clearly).
     */
    private ServerPrograms serverFor(Path data, BaseBackupResult base) throws IOException {
        int major;
        try {
            major = Integer.parseInt(Files.readString(data.resolve("PG_VERSION")).strip());
        } catch (IOException | NumberFormatException e) {
            throw new PitrFailedException(PitrFailedException.Reason.BASE_BACKUP_DAMAGED, null, "base backup "
                    + base.key() + " has no readable PG_VERSION", e);
        }
        ServerPrograms server = programs.forMajor(major);
        int found = server.majorVersion();
        if (found != major) {
            throw new PitrFailedException(PitrFailedException.Reason.RECOVERY_FAILED, null, "base backup "
                    + base.key() + " is of PostgreSQL " + major + ", but the server programs in " + server.binDir()
                    + " are of PostgreSQL " + found + " (set the bin directory to version " + major
                    + "'s, or use {major} in it)", null);
        }
        return server;
    }

    private long segmentBytes(ServerPrograms server, Path data) throws IOException {
        String control = server.run(List.of(server.program("pg_controldata"), data.toString()),
                Duration.ofMinutes(1));
        Matcher m = SEGMENT_SIZE.matcher(control);
        if (!m.find()) {
            throw new IOException("pg_controldata did not report the WAL segment size of the base backup");
        }
        return Long.parseLong(m.group(1));
    }

    private void stopQuietly(ServerPrograms server, Path data) {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                server.run(List.of(server.program("pg_ctl"), "--pgdata=" + data, "--mode=immediate", "--wait",
                        "stop"), Duration.ofMinutes(1));
            } catch (IOException ignored) {
                // it was not running after all
            }
        }
    }

    static Optional<Instant> lastCommit(String log) {
        Matcher m = LAST_COMMIT.matcher(log);
        Instant last = null;
        while (m.find()) {
            last = LocalDateTime.parse(m.group(1), LOG_TIME).toInstant(ZoneOffset.UTC);
        }
        return Optional.ofNullable(last);
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        String stripped = text.strip();
        return stripped.length() <= 3000 ? stripped : "…" + stripped.substring(stripped.length() - 3000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
