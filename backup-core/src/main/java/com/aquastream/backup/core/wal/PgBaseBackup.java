package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pipeline.ArchiveWriter;
import com.aquastream.backup.core.pipeline.StoredArchive;
import com.aquastream.backup.core.process.ChildEnvironment;
import com.aquastream.backup.core.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes a base backup of a whole cluster with {@code pg_basebackup} and streams it into the object store: tar format
 * on stdout ({@code -D - -Ft}), compressed by the platform's pipeline, with its sidecar, then
 * {@link BaseBackups#describe described}. Memory does not grow with the cluster's size: the tar flows through a
 * bounded pipe.
 *
 * <p>Why {@code -X none}: the WAL the backup needs (from its start to its end point) is archived anyway by the
 * cluster's {@code pg_receivewal}, and a recovery takes it from the archive like the rest; the slot keeps it on the
 * server until then. Why on stdout: nothing of the cluster lands on the archiver's disk. With stdout, PostgreSQL 15
 * puts the backup manifest into the tar, so {@link BaseBackupArchive#verify} can check the stored content with
 * {@code pg_verifybackup} after extracting it. The WAL start point and timeline come from the tar's
 * {@code backup_label}, the end point from the manifest's {@code WAL-Ranges} ({@link TarEntryCapture} keeps both as
 * they stream past): pg_basebackup prints them only when it fetches WAL itself.
 */
public final class PgBaseBackup {

    /** The {@code format} a base backup is announced with. */
    public static final String FORMAT = "pg_basebackup-tar";

    private static final String LABEL = "backup_label";
    private static final String MANIFEST = "backup_manifest";
    private static final int MANIFEST_LIMIT = 256 * 1024 * 1024;
    private static final Pattern START = Pattern.compile("START WAL LOCATION: ([0-9A-F]+/[0-9A-F]+)");
    private static final Pattern TIMELINE = Pattern.compile("START TIMELINE: (\\d+)");
    private static final Pattern END = Pattern.compile("\"End-LSN\": \"([0-9A-F]+/[0-9A-F]+)\"");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1,255}|/[A-Za-z0-9._/-]{1,255}");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Where to take the backup from.
     *
     * @param user     a role with the REPLICATION attribute
     * @param password null for trust, a password file or certificates; reaches the child only as PGPASSWORD
     */
    public record Source(String host, int port, String user, String password) {

        public Source {
            if (host == null || !HOST.matcher(host).matches() || host.startsWith("-")) {
                throw new IllegalArgumentException("not a host: " + Identifiers.describe(host));
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            Identifiers.requireIdentifier("replication user", user);
        }

        @Override
        public String toString() {
            return "Source[" + user + "@" + host + ":" + port + "]";
        }
    }

    private final Path binDir;
    private final ObjectStore store;
    private final ArchiveWriter writer;
    private final Compression compression;
    private final int level;
    private final Clock clock;
    private final BaseBackupArchive verifier;

    /**
     * @param binDir   where pg_basebackup is, or null to find it on the PATH
     * @param verifier checks each stored backup with pg_verifybackup before it is described, or null not to
     *                 (then {@link BaseBackupResult#manifestVerified()} is false)
     */
    public PgBaseBackup(Path binDir, ObjectStore store, ArchiveWriter writer, Compression compression, int level,
                        Clock clock, BaseBackupArchive verifier) {
        this.binDir = binDir;
        this.store = Objects.requireNonNull(store, "store");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.compression = Objects.requireNonNull(compression, "compression");
        this.level = level;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verifier = verifier;
    }

    /** Without verification of the stored archive. */
    public PgBaseBackup(Path binDir, ObjectStore store, ArchiveWriter writer, Compression compression, int level,
                        Clock clock) {
        this(binDir, store, writer, compression, level, clock, null);
    }

    /**
     * Takes one base backup of {@code source} as {@code cluster}'s backup {@code backupId}. On failure nothing is
     * described (a folder without description is an unfinished backup, never offered for recovery) and the
     * exception names pg_basebackup's last words.
     */
    public BaseBackupResult take(String cluster, Source source, UUID backupId) throws IOException {
        Objects.requireNonNull(source, "source");
        Instant startedAt = clock.instant();
        String folder = BaseBackupKeys.folder(cluster, startedAt, backupId);
        String key = BaseBackupKeys.archiveKey(folder, compression);
        String serverVersion = serverVersion(source);
        String toolVersion = toolVersion();

        List<String> command = new ArrayList<>(List.of(program("pg_basebackup"),
                "--host=" + source.host(), "--port=" + source.port(), "--username=" + source.user(), "--no-password",
                "--pgdata=-", "--format=tar", "--wal-method=none", "--checkpoint=fast", "--verbose",
                "--label=" + "backup-" + backupId));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> extra = source.password() == null ? Map.of() : Map.of("PGPASSWORD", source.password());
        Process process = ChildEnvironment.confine(builder, extra).start();
        process.getOutputStream().close();
        StderrTail stderr = new StderrTail(process.getErrorStream(), "pg_basebackup");
        StoredArchive stored;
        TarEntryCapture tar = new TarEntryCapture(process.getInputStream(), Set.of(LABEL, MANIFEST), MANIFEST_LIMIT);
        try (tar) {
            stored = writer.store(tar, compression, level, store, List.of(key));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            stderr.awaitEnd(Duration.ofSeconds(2));
            throw new IOException("base backup of " + cluster + " failed: " + e.getMessage() + lastWords(stderr), e);
        }
        int exit = waitFor(process, Duration.ofMinutes(5));
        stderr.awaitEnd(Duration.ofSeconds(5));
        if (exit != 0) {
            deleteQuietly(key);
            throw new IOException("pg_basebackup of " + cluster + " exited with " + exit + lastWords(stderr));
        }
        String label = new String(tar.entry(LABEL).orElse(new byte[0]), StandardCharsets.UTF_8);
        String manifest = new String(tar.entry(MANIFEST).orElse(new byte[0]), StandardCharsets.UTF_8);
        Matcher start = START.matcher(label);
        Matcher timeline = TIMELINE.matcher(label);
        Matcher end = END.matcher(manifest);
        if (!start.find() || !timeline.find() || !end.find()) {
            deleteQuietly(key);
            throw new IOException("the base backup of " + cluster + " holds no backup_label or backup_manifest with"
                    + " its WAL start and end points (pg_basebackup " + toolVersion + ")" + lastWords(stderr));
        }
        boolean verified = false;
        if (verifier != null) {
            verifier.verify(key, compression);
            verified = true;
        }
        BaseBackupResult result = new BaseBackupResult(cluster, backupId, key, Long.parseLong(timeline.group(1)),
                Lsn.parse(start.group(1)), Lsn.parse(end.group(1)), startedAt, clock.instant(), stored.sizeBytes(),
                stored.sha256Hex(), compression.wireName(), serverVersion, toolVersion, verified);
        BaseBackups.describe(store, folder, result);
        return result;
    }

    private String program(String name) {
        return binDir == null ? name : binDir.resolve(name).toString();
    }

    private String toolVersion() throws IOException {
        Process process = ChildEnvironment.confine(new ProcessBuilder(program("pg_basebackup"), "--version")
                .redirectErrorStream(true)).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = waitFor(process, VERSION_TIMEOUT);
        if (exit != 0) {
            throw new IOException("pg_basebackup --version exited with " + exit + ": " + out);
        }
        return out;
    }

    /** {@code server_version} over an ordinary connection to database postgres; null when that is not allowed. */
    private static String serverVersion(Source source) {
        Properties properties = new Properties();
        properties.setProperty("user", source.user());
        if (source.password() != null) {
            properties.setProperty("password", source.password());
        }
        properties.setProperty("connectTimeout", "10");
        String host = source.host().startsWith("/") ? "localhost" : source.host();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + source.port() + "/postgres", properties);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("show server_version")) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static int waitFor(Process process, Duration timeout) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IOException(process.info().command().orElse("child") + " did not finish within "
                        + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a child process", e);
        }
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(BaseBackupKeys.sidecarKey(key));
            store.delete(key);
        } catch (IOException ignored) {
            // an undescribed folder is never offered for recovery; the next cleanup removes it
        }
    }

    private static String lastWords(StderrTail stderr) {
        String text = stderr.text().strip();
        return text.isEmpty() ? "" : ": " + text;
    }
}
