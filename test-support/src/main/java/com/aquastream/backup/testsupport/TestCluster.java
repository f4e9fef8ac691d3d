package com.aquastream.backup.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server of the installed version, for tests that need a whole cluster of their own rather
 * than a database on the shared server: replication (slots, pg_receivewal, base backups), WAL switches, server
 * settings. Started in a fresh temp directory on a free port of 127.0.0.1, with {@code wal_level=replica}, trust
 * authentication for TCP (replication included) and {@code fsync=off} (nothing here must survive a crash).
 *
 * <p>{@link #close()} stops it ({@code pg_ctl stop -m immediate}) and deletes the directory; a JVM shutdown hook
 * does the same for a test that forgot, so no server outlives the build. Programs come from {@code PG_BINDIR}, else
 * {@code pg_config --bindir}, else {@code /usr/lib/postgresql/15/bin}. Why {@code runuser}: initdb refuses to run
 * as root, so as root (the build machines) the server's programs run as the {@code postgres} OS user, which then
 * owns the directory.
 */
public final class TestCluster implements AutoCloseable {

    /** The superuser (and replication user) of every test cluster. */
    public static final String USER = "postgres";

    private static final String OS_USER = "postgres";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path binDir;
    private final Path base;
    private final Path data;
    private final int port;
    private final long walSegmentBytes;
    private final Thread shutdownHook;
    private boolean closed;

    private TestCluster(Path binDir, Path base, int port, long walSegmentBytes) {
        this.binDir = binDir;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
        this.walSegmentBytes = walSegmentBytes;
        this.shutdownHook = new Thread(this::stopAndDelete, "test-cluster-" + port + "-shutdown");
    }

    /** Starts a cluster with the default 16 MiB WAL segments. */
    public static TestCluster start() {
        return start(16);
    }

    /**
     * Starts a cluster with WAL segments of {@code walSegmentMegabytes} (a power of two, {@code initdb --wal-segsize};
     * 1 keeps WAL tests fast).
     */
    public static TestCluster start(int walSegmentMegabytes) {
        Path base;
        try {
            base = Files.createTempDirectory("test-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCluster cluster = new TestCluster(findBinDir(), base, freePort(), walSegmentMegabytes * 1024L * 1024L);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.initAndStart(walSegmentMegabytes);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void initAndStart(int walSegmentMegabytes) {
        try {
            if (asRoot()) {
                UserPrincipal postgres = base.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(OS_USER);
                Files.setOwner(base, postgres);
            }
            run(List.of(program("initdb"), "--pgdata=" + data, "--username=" + USER, "--auth=trust",
                    "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
                    "--wal-segsize=" + walSegmentMegabytes));
            Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                    "",
                    "port = " + port,
                    "listen_addresses = '127.0.0.1'",
                    "unix_socket_directories = '" + base + "'",
                    "wal_level = replica",
                    "max_wal_senders = 5",
                    "max_replication_slots = 5",
                    "fsync = off",
                    "full_page_writes = off",
                    "shared_buffers = 32MB",
                    ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all all 127.0.0.1/32 trust",
                    "host replication all 127.0.0.1/32 trust",
                    ""), StandardCharsets.UTF_8);
            run(List.of(program("pg_ctl"), "--pgdata=" + data, "--log=" + base.resolve("server.log"), "--wait",
                    "--timeout=" + COMMAND_TIMEOUT.toSeconds(), "start"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a test cluster in " + base + ": " + log(), e);
        }
    }

    /** The server's TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Always 127.0.0.1. */
    public String host() {
        return "127.0.0.1";
    }

    /** The WAL segment size the cluster was initialised with. */
    public long walSegmentBytes() {
        return walSegmentBytes;
    }

    /** Where the server's programs are (pg_receivewal, pg_waldump, pg_basebackup …), of the server's version. */
    public Path binDir() {
        return binDir;
    }

    /** A JDBC URL of {@code database} on this server (user {@link #USER}, no password). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** A connection to {@code database} as {@link #USER}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Runs {@code sql} in the {@code postgres} database (autocommit). */
    public void execute(String sql) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test cluster could not run: " + sql, e);
        }
    }

    /** The first column of the first row {@code sql} returns in the {@code postgres} database, as text. */
    public String queryForString(String sql) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("no row from: " + sql);
            }
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("test cluster could not run: " + sql, e);
        }
    }

    /** {@code pg_current_wal_lsn()} as the server writes it, e.g. {@code 0/3000148}. */
    public String currentLsn() {
        return queryForString("select pg_current_wal_lsn()::text");
    }

    /** Stops the server at once (no checkpoint: it is thrown away) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs (or ran) anyway
        }
        stopAndDelete();
    }

    private synchronized void stopAndDelete() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(List.of(program("pg_ctl"), "--pgdata=" + data, "--mode=immediate", "--wait", "stop"));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("test cluster on port " + port + " did not stop cleanly: " + e);
        } finally {
            deleteRecursively(base);
        }
    }

    private String program(String name) {
        return binDir.resolve(name).toString();
    }

    /** Runs a server program (as the postgres OS user when we are root) and fails unless it exits with 0. */
    private void run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("test-cluster-command-", ".log");
        try {
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + COMMAND_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IOException(command.get(0) + " exited with " + process.exitValue() + ": "
                        + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String log() {
        try {
            return Files.readString(base.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log)";
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path findBinDir() {
        String configured = Settings.get("PG_BINDIR");
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0
                    && Files.isExecutable(Path.of(out, "initdb"))) {
                return Path.of(out);
            }
        } catch (IOException e) {
            // no pg_config on PATH: fall back below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Path.of("/usr/lib/postgresql/15/bin");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete test cluster directory " + root + ": " + e);
        }
    }
}
