package com.aquastream.backup.restore.recovery.redis;

import com.aquastream.backup.core.process.ChildEnvironment;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.redis.RdbSnapshot;
import com.aquastream.backup.core.redis.RedisCommandException;
import com.aquastream.backup.core.redis.RedisConnection;
import com.aquastream.backup.core.redis.RedisEndpoint;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.ScratchVerifier;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import com.aquastream.backup.restore.recovery.WorkArea;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manual's restore test for a Redis snapshot: the RDB is loaded by a throw-away {@code redis-server} of its own
 * (a free port on 127.0.0.1, its own temporary directory, persistence off), the keys per logical database are read
 * from {@code INFO keyspace} and compared with the counts recorded at backup time (one {@link TableCheck} per
 * database, {@code db0}, {@code db9}, ...). The server is shut down and its directory deleted whatever happened.
 *
 * <p>The {@code schema} of a Redis target is the instance name; it only labels messages here. The scratch server
 * loads the snapshot as a replica (of a port this verifier holds open and never answers on): a master drops keys
 * whose TTL ran out while it loads, a replica keeps them, so every key in the snapshot is counted however long ago it
 * was taken, and the counts compare with the snapshot's own (counted at backup time, TTL keys included).
 */
public final class RedisScratchVerifier implements ScratchVerifier {

    private static final Logger log = LoggerFactory.getLogger(RedisScratchVerifier.class);
    private static final byte[] RDB_MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL = 2048;
    /** Redis's default; a snapshot that SELECTs a higher database needs the server configured with more. */
    private static final int DEFAULT_DATABASES = 16;

    private final String serverCommand;
    private final Path workDir;
    private final Duration loadTimeout;

    /**
     * @param serverCommand the {@code redis-server} binary (a name on PATH or a path), ≥ the version that wrote
     *                      the snapshots
     * @param workDir       where the temporary directories of the throw-away servers are made
     * @param loadTimeout   how long loading one snapshot may take
     */
    public RedisScratchVerifier(String serverCommand, Path workDir, Duration loadTimeout) {
        this.serverCommand = serverCommand;
        this.workDir = workDir;
        this.loadTimeout = loadTimeout;
    }

    @Override
    public List<TableCheck> verify(String instance, VerifiedArchive archive) throws RestoreFailedException {
        Path dir = createScratchDir();
        try {
            writeRdb(archive, dir.resolve("dump.rdb"));
            try (SilentMaster master = SilentMaster.bind();
                 ScratchServer server = start(dir, databasesFor(archive.tableRowCounts()), master.port())) {
                Map<String, Long> found = server.awaitLoadedKeyCounts();
                log.info("VERIFY of {} ({}): loaded by a scratch redis-server on port {}, keys {}", instance,
                        archive.key(), server.port, found);
                return compare(archive.tableRowCounts(), found);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Every database on either side: recorded but missing counts as found 0, unrecorded as expected 0. */
    static List<TableCheck> compare(Map<String, Long> expected, Map<String, Long> found) {
        TreeSet<String> databases = new TreeSet<>(Comparator.comparingInt(RedisScratchVerifier::indexOf)
                .thenComparing(Comparator.naturalOrder()));
        databases.addAll(expected.keySet());
        databases.addAll(found.keySet());
        return databases.stream()
                .map(db -> new TableCheck(db, expected.getOrDefault(db, 0L), found.getOrDefault(db, 0L)))
                .toList();
    }

    /** {@code --databases} for the scratch server: enough for the highest {@code dbN} recorded, at least 16. */
    static int databasesFor(Map<String, Long> recorded) {
        return Math.max(DEFAULT_DATABASES, recorded.keySet().stream()
                .mapToInt(RedisScratchVerifier::indexOf).max().orElse(0) + 1);
    }

    private static int indexOf(String database) {
        if (database.matches("db\\d{1,6}")) {
            return Integer.parseInt(database.substring(2));
        }
        return -1;
    }

    private Path createScratchDir() throws RestoreFailedException {
        try {
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, "redis-verify-");
        } catch (IOException e) {
            throw new RestoreFailedException("cannot create a scratch directory in " + workDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** The archive decompressed as the scratch server's dump.rdb; refuses anything that is not an RDB file. */
    private static void writeRdb(VerifiedArchive archive, Path rdb) throws RestoreFailedException {
        try (InputStream in = Compression.fromWireName(archive.compression())
                .decompress(Files.newInputStream(archive.file()));
             OutputStream out = Files.newOutputStream(rdb)) {
            byte[] magic = in.readNBytes(RDB_MAGIC.length);
            if (!Arrays.equals(magic, RDB_MAGIC)) {
                throw new RestoreFailedException("archive " + archive.key() + " is not a Redis RDB file (it does not"
                        + " start with \"REDIS\")", null);
            }
            out.write(magic);
            in.transferTo(out);
        } catch (IOException | IllegalArgumentException e) {
            throw new RestoreFailedException("cannot decompress " + archive.key() + " (" + archive.compression()
                    + "): " + e.getMessage(), e);
        }
    }

    /**
     * The "master" the scratch server replicates: a socket bound on loopback that never accepts, so the server's
     * attempts to sync stay unanswered and nobody else can take the port while it is held.
     */
    private record SilentMaster(ServerSocket socket) implements AutoCloseable {
        static SilentMaster bind() throws RestoreFailedException {
            try {
                return new SilentMaster(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            } catch (IOException e) {
                throw new RestoreFailedException("no free port to hold for the scratch redis-server: "
                        + e.getMessage(), e);
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("closing the scratch server's silent master: {}", e.toString());
            }
        }
    }

    /** Starts a server on a free port, trying another port when one was taken between choosing and binding. */
    private ScratchServer start(Path dir, int databases, int masterPort) throws RestoreFailedException {
        RestoreFailedException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            Path logFile = dir.resolve("redis-server-" + port + ".log");
            List<String> command = new ArrayList<>(List.of(serverCommand, "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--protected-mode", "yes", "--dir", dir.toString(),
                    "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no",
                    "--databases", Integer.toString(databases),
                    "--replicaof", InetAddress.getLoopbackAddress().getHostAddress(), Integer.toString(masterPort)));
            Process process;
            try {
                process = ChildEnvironment.confine(new ProcessBuilder(command)).redirectErrorStream(true)
                        .redirectOutput(logFile.toFile()).start();
            } catch (IOException e) {
                throw new RestoreFailedException("cannot start " + serverCommand + ": " + e.getMessage(), e);
            }
            ScratchServer server = new ScratchServer(process, port, logFile);
            try {
                server.awaitListening();
                return server;
            } catch (RestoreFailedException e) {
                server.close();
                if (!server.logTail().contains("Address already in use")) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private static int freePort() throws RestoreFailedException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new RestoreFailedException("no free port for a scratch redis-server: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            WorkArea.deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete the scratch directory {}: {}", dir, e.toString());
        }
    }

    /** One throw-away redis-server process; closing shuts it down (SHUTDOWN NOSAVE, then a kill if it hangs). */
    private final class ScratchServer implements AutoCloseable {
        private static final Duration POLL = Duration.ofMillis(50);

        private final Process process;
        private final int port;
        private final Path logFile;
        private final RedisEndpoint endpoint;

        ScratchServer(Process process, int port, Path logFile) {
            this.process = process;
            this.port = port;
            this.logFile = logFile;
            this.endpoint = new RedisEndpoint("127.0.0.1", port, null, Duration.ofSeconds(10));
        }

        /** Until the server accepts connections (it answers -LOADING while it still reads the RDB). */
        void awaitListening() throws RestoreFailedException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (true) {
                exitedCheck();
                try (RedisConnection ignored = RedisConnection.open(endpoint)) {
                    return;
                } catch (IOException e) {
                    pause(deadline, "accept connections");
                }
            }
        }

        /** Keys per database once the RDB is loaded completely. */
        Map<String, Long> awaitLoadedKeyCounts() throws RestoreFailedException {
            Instant deadline = Instant.now().plus(loadTimeout);
            while (true) {
                exitedCheck();
                try (RedisConnection c = RedisConnection.open(endpoint)) {
                    if ("0".equals(c.info("persistence").get("loading"))) {
                        return RdbSnapshot.keysPerDatabase(c.info("keyspace"));
                    }
                } catch (RedisCommandException e) {
                    if (!String.valueOf(e.getMessage()).startsWith("LOADING")) {
                        throw new RestoreFailedException("the scratch redis-server refused INFO: " + e.getMessage(),
                                e);
                    }
                } catch (IOException e) {
                    // not ready yet, or it is dying: the next round tells
                }
                pause(deadline, "load the snapshot");
            }
        }

        /** A server that exited (a corrupt or too new RDB, a taken port) fails with the end of its log. */
        private void exitedCheck() throws RestoreFailedException {
            if (!process.isAlive()) {
                throw new RestoreFailedException("the scratch redis-server exited " + process.exitValue()
                        + " while loading the snapshot: " + logTail(), null);
            }
        }

        private void pause(Instant deadline, String what) throws RestoreFailedException {
            if (Instant.now().isAfter(deadline)) {
                throw new RestoreFailedException("the scratch redis-server did not " + what + " in time: "
                        + logTail(), null);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestoreFailedException("interrupted", e);
            }
        }

        String logTail() {
            try {
                String text = Files.readString(logFile, StandardCharsets.UTF_8).strip();
                return text.length() > LOG_TAIL ? text.substring(text.length() - LOG_TAIL) : text;
            } catch (IOException e) {
                return "(no log)";
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                try (RedisConnection c = RedisConnection.open(endpoint)) {
                    c.command("SHUTDOWN", "NOSAVE");
                } catch (IOException e) {
                    // SHUTDOWN closes the connection without a reply; a server still loading refuses: killed below
                }
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
