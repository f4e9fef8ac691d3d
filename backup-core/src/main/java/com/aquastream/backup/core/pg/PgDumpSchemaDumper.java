package com.aquastream.backup.core.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.process.ChildEnvironment;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@link SchemaDumper} running the {@code pg_dump} client (STYLE rule 8): it owns the process, the argument list, the
 * timeout, stderr capture and the mapping of exit codes to {@link DumpResult}s.
 *
 * <p>Command: {@code pg_dump -h H -p P -U U -d DB -Fc -Z n -n SCHEMA [--snapshot=ID] --no-password}, started from an
 * argument list (never a shell) after database and schema passed {@link Identifiers} validation; the password goes
 * through {@code PGPASSWORD} in the child's environment only. stderr is drained on its own thread into a bounded
 * tail, so a chatty pg_dump never blocks on a full stderr pipe and memory stays bounded.
 */
public final class PgDumpSchemaDumper implements SchemaDumper {

    /** How much of stderr's end a failure reason quotes. */
    static final int STDERR_TAIL_BYTES = 2048;

    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f]{1,16}-[0-9A-Fa-f]{1,16}(-[0-9]{1,10})?");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    /** One daemon thread enforcing the timeouts of all dumps (a timer per process would be wasteful). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pg_dump-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final PgConnection connection;
    private final Path pgDump;
    private final Duration timeout;
    private volatile String toolVersion;

    /**
     * @param pgDumpBinary the pg_dump executable; a bare {@code pg_dump} is looked up on PATH. Must be at least the
     *                     server's major version.
     * @param timeout      how long one dump may run before it is killed and reported as timed out
     */
    public PgDumpSchemaDumper(PgConnection connection, Path pgDumpBinary, Duration timeout) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.pgDump = pgDumpBinary == null ? Path.of("pg_dump") : pgDumpBinary;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** A dumper using {@code pg_dump} from PATH. */
    public PgDumpSchemaDumper(PgConnection connection, Duration timeout) {
        this(connection, Path.of("pg_dump"), timeout);
    }

    /** The output of {@code pg_dump --version}, e.g. {@code pg_dump (PostgreSQL) 15.13 (Debian 15.13-0+deb12u1)}; cached. */
    @Override
    public String toolVersion() throws IOException {
        String cached = toolVersion;
        if (cached == null) {
            cached = runVersion();
            toolVersion = cached;
        }
        return cached;
    }

    @Override
    public DumpProcess start(String database, String schema, String snapshotId, int internalCompressLevel)
            throws IOException {
        List<String> command = command(database, schema, snapshotId, internalCompressLevel);
        ProcessBuilder builder = ChildEnvironment.confine(new ProcessBuilder(command),
                connection.processEnvironment());
        builder.environment().putIfAbsent("PGCONNECT_TIMEOUT", "30");
        Process process = builder.start();
        // pg_dump reads nothing from stdin (--no-password): close it so nothing can ever wait on it.
        process.getOutputStream().close();
        return new PgDumpProcess(process, database + "." + schema);
    }

    /** The argument list of a dump, validated; package-private for tests. */
    List<String> command(String database, String schema, String snapshotId, int internalCompressLevel) {
        Identifiers.requireIdentifier("database", database);
        Identifiers.requireIdentifier("schema", schema);
        if (internalCompressLevel < 0 || internalCompressLevel > 9) {
            throw new IllegalArgumentException("internal compression level must be 0..9, was " + internalCompressLevel);
        }
        if (snapshotId != null && !SNAPSHOT_ID.matcher(snapshotId).matches()) {
            throw new IllegalArgumentException("snapshot id " + Identifiers.describe(snapshotId) + " is malformed");
        }
        List<String> command = new ArrayList<>(List.of(
                pgDump.toString(),
                "-h", connection.host(),
                "-p", Integer.toString(connection.port()),
                "-U", connection.user(),
                "-d", database,
                "-Fc",
                "-Z", Integer.toString(internalCompressLevel),
                // The schema is its own argument: with -n it is a pattern, but a plain identifier has no wildcards.
                "-n", schema));
        if (snapshotId != null) {
            command.add("--snapshot=" + snapshotId);
        }
        command.add("--no-password");
        return List.copyOf(command);
    }

    private String runVersion() throws IOException {
        Process process = ChildEnvironment.confine(new ProcessBuilder(pgDump.toString(), "--version"))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        try (InputStream out = process.getInputStream()) {
            byte[] bytes = out.readNBytes(4096);
            if (!process.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(pgDump + " --version timed out");
            }
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IOException(pgDump + " --version exited with code " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + pgDump + " --version");
        }
    }

    @Override
    public String toString() {
        return "PgDumpSchemaDumper[" + pgDump + ", " + connection + ", timeout=" + timeout + "]";
    }

    /** One running pg_dump. */
    private final class PgDumpProcess implements DumpProcess {

        private final Process process;
        private final String what;
        private final long startNanos = System.nanoTime();
        private final StderrTail stderr;
        private final Thread stderrDrainer;
        private final ScheduledFuture<?> timeoutKill;
        private final GuardedStdout stdout;
        private volatile boolean aborted;
        private volatile boolean timedOut;
        private DumpResult result;

        PgDumpProcess(Process process, String what) {
            this.process = process;
            this.what = what;
            this.stderr = new StderrTail(process.getErrorStream(), STDERR_TAIL_BYTES * 4);
            this.stderrDrainer = new Thread(stderr, "pg_dump-stderr-" + what);
            stderrDrainer.setDaemon(true);
            stderrDrainer.start();
            this.timeoutKill = WATCHDOG.schedule(this::killOnTimeout, timeout.toMillis(), TimeUnit.MILLISECONDS);
            process.onExit().thenRun(() -> timeoutKill.cancel(false));
            this.stdout = new GuardedStdout(process.getInputStream());
        }

        @Override
        public InputStream stdout() {
            return stdout;
        }

        @Override
        public void abort() {
            if (process.isAlive()) {
                aborted = true;
                process.destroyForcibly();
            }
        }

        @Override
        public DumpResult await() throws InterruptedException {
            return result();
        }

        private void killOnTimeout() {
            if (process.isAlive()) {
                timedOut = true;
                process.destroyForcibly();
            }
        }

        /** Waits for exit and maps it to a result once; later calls return the same result. */
        private synchronized DumpResult result() throws InterruptedException {
            if (result == null) {
                int exitCode = process.waitFor();
                Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
                // stderr reaches EOF when the process exits; the bound only guards against a stuck descendant.
                stderrDrainer.join(10_000);
                if (timedOut) {
                    result = new DumpResult.Failed(exitCode, "pg_dump of " + what + " timed out after " + timeout);
                } else if (aborted) {
                    result = new DumpResult.Failed(exitCode, "pg_dump of " + what + " aborted");
                } else if (exitCode != 0) {
                    result = new DumpResult.Failed(exitCode, "pg_dump of " + what + " exited with code " + exitCode
                            + ": " + redact(stderr.tail(STDERR_TAIL_BYTES)));
                } else {
                    result = new DumpResult.Succeeded(took);
                }
            }
            return result;
        }

        private String redact(String text) {
            String password = connection.password();
            return password == null || password.isEmpty() ? text : text.replace(password, "******");
        }

        /**
         * pg_dump's stdout, turning "EOF of a failed dump" into a DumpFailedException. Closing it before EOF aborts
         * the dump (nobody would read the rest).
         */
        private final class GuardedStdout extends FilterInputStream {

            private DumpFailedException failure;
            private boolean eof;

            GuardedStdout(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                if (eof) {
                    return -1;
                }
                if (aborted) {
                    throw fail();
                }
                int n;
                try {
                    n = in.read(b, off, len);
                } catch (IOException e) {
                    // The pipe is closed under us when the process is destroyed (abort, timeout).
                    DumpFailedException failed = failIfUnsuccessful();
                    if (failed != null) {
                        failed.addSuppressed(e);
                        throw failed;
                    }
                    throw e;
                }
                if (n == -1) {
                    DumpFailedException failed = failIfUnsuccessful();
                    if (failed != null) {
                        throw failed;
                    }
                    eof = true;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                byte[] buffer = new byte[8192];
                long skipped = 0;
                while (skipped < n) {
                    int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                    if (r < 0) {
                        break;
                    }
                    skipped += r;
                }
                return skipped;
            }

            @Override
            public void close() throws IOException {
                if (!eof && failure == null) {
                    abort();
                }
                super.close();
            }

            private DumpFailedException fail() throws IOException {
                DumpFailedException failed = failIfUnsuccessful();
                return failed != null ? failed
                        : (failure = new DumpFailedException(new DumpResult.Failed(-1, "pg_dump of " + what + " aborted")));
            }

            private DumpFailedException failIfUnsuccessful() throws IOException {
                try {
                    if (result() instanceof DumpResult.Failed failed) {
                        failure = new DumpFailedException(failed);
                        return failure;
                    }
                    return null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    abort();
                    throw new InterruptedIOException("interrupted while waiting for pg_dump of " + what);
                }
            }
        }
    }

    /** Drains a stream to EOF keeping only its last {@code capacity} bytes. */
    private static final class StderrTail implements Runnable {

        private final InputStream in;
        private final byte[] ring;
        private long total;

        StderrTail(InputStream in, int capacity) {
            this.in = in;
            this.ring = new byte[capacity];
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    append(buffer, n);
                }
            } catch (IOException e) {
                // The process is gone; what we have is all there is.
            }
        }

        private synchronized void append(byte[] buffer, int n) {
            for (int i = 0; i < n; i++) {
                ring[(int) (total++ % ring.length)] = buffer[i];
            }
        }

        /** The last {@code max} bytes as text, trimmed; prefixed with "…" when cut. */
        synchronized String tail(int max) {
            int size = (int) Math.min(total, ring.length);
            int take = Math.min(size, max);
            byte[] out = new byte[take];
            for (int i = 0; i < take; i++) {
                out[i] = ring[(int) ((total - take + i) % ring.length)];
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return "(no error output)";
            }
            return (total > take ? "…" : "") + text;
        }
    }
}
