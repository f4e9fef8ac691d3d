package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.process.ChildEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs {@code pg_receivewal} for one cluster: streams its WAL through a physical replication slot into a local
 * directory, where {@link WalShipper} picks up the segments. Owns the argument list, the environment (the password
 * reaches the child only as {@code PGPASSWORD}, never as an argument), stderr capture and a bounded stop.
 *
 * <p>Why {@code --no-loop}: when the connection drops, pg_receivewal would otherwise retry on its own, silently and
 * forever; exiting instead lets the caller see the failure ({@link Receiving#isAlive()}), report it, and restart
 * with its own back-off. The slot keeps the server's WAL meanwhile, and on restart pg_receivewal continues after
 * the newest segment in the directory.
 *
 * <p>Why pg_receivewal writes uncompressed segments: the shipper compresses with the platform's codecs and names
 * keys itself; pg_receivewal's own compression would change the file names it writes.
 */
public final class PgReceiveWal {

    /** How long a stop waits for a clean exit after SIGTERM before killing the process. */
    public static final Duration DEFAULT_STOP = Duration.ofSeconds(10);

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1,255}|/[A-Za-z0-9._/-]{1,255}");

    private final Settings settings;

    /**
     * Where and how to receive.
     *
     * @param executable     the pg_receivewal program (a path, or a name looked up on PATH); must be at least the
     *                       server's major version
     * @param host           host name, IP address, or socket directory
     * @param user           a role with the REPLICATION attribute
     * @param password       null for trust, a password file or certificates
     * @param slot           the physical replication slot's name
     * @param directory      where segments are written (created if missing)
     * @param synchronous    whether to flush every write and report it at once ({@code --synchronous}): needed
     *                       if the server uses this receiver as a synchronous standby
     * @param statusInterval how often to report the position to the server (pg_receivewal's default is 10 s)
     */
    public record Settings(String executable, String host, int port, String user, String password, String slot,
                           Path directory, boolean synchronous, Duration statusInterval) {

        public Settings {
            Objects.requireNonNull(executable, "executable");
            if (host == null || !HOST.matcher(host).matches() || host.startsWith("-")) {
                throw new IllegalArgumentException("not a host: " + Identifiers.describe(host));
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            Identifiers.requireIdentifier("replication user", user);
            Identifiers.requireIdentifier("replication slot", slot);
            Objects.requireNonNull(directory, "directory");
            if (statusInterval.isNegative() || statusInterval.toSeconds() < 1) {
                throw new IllegalArgumentException("status interval must be at least one second");
            }
        }
    }

    public PgReceiveWal(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Creates the physical replication slot unless it exists ({@code --create-slot --if-not-exists}), and waits for
     * that to finish.
     *
     * @throws IOException if pg_receivewal fails (e.g. the server refuses the role), with its stderr in the message
     */
    public void createSlot(Duration timeout) throws IOException {
        List<String> command = connectionArguments();
        command.add("--create-slot");
        command.add("--if-not-exists");
        Process process = start(command);
        StderrTail stderr = new StderrTail(process.getErrorStream(), "pg_receivewal");
        int exit = waitFor(process, timeout);
        if (exit != 0) {
            stderr.awaitEnd(Duration.ofSeconds(1));
            throw new IOException("pg_receivewal --create-slot for slot " + settings.slot() + " exited with " + exit
                    + ": " + stderr.text());
        }
    }

    /** Starts receiving into the directory; stop (or close) the returned handle. */
    public Receiving start() throws IOException {
        Files.createDirectories(settings.directory());
        List<String> command = connectionArguments();
        command.add("--directory=" + settings.directory().toAbsolutePath());
        command.add("--no-loop");
        command.add("--status-interval=" + settings.statusInterval().toSeconds());
        if (settings.synchronous()) {
            command.add("--synchronous");
        }
        Process process = start(command);
        return new Receiving(process, new StderrTail(process.getErrorStream(), "pg_receivewal"));
    }

    private List<String> connectionArguments() {
        List<String> command = new ArrayList<>();
        command.add(settings.executable());
        command.add("--host=" + settings.host());
        command.add("--port=" + settings.port());
        command.add("--username=" + settings.user());
        command.add("--slot=" + settings.slot());
        command.add("--no-password"); // never prompt: there is no terminal
        return command;
    }

    private Process start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> extra = settings.password() == null ? Map.of() : Map.of("PGPASSWORD", settings.password());
        Process process = ChildEnvironment.confine(builder, extra).start();
        process.getOutputStream().close();
        return process;
    }

    private static int waitFor(Process process, Duration timeout) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IOException("pg_receivewal did not finish within " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for pg_receivewal", e);
        }
    }

    /** A running pg_receivewal. */
    public static final class Receiving implements AutoCloseable {

        private final Process process;
        private final StderrTail stderr;

        private Receiving(Process process, StderrTail stderr) {
            this.process = process;
            this.stderr = stderr;
        }

        /** Whether it still runs; when not, {@link #exitCode()} and {@link #stderr()} say why. */
        public boolean isAlive() {
            return process.isAlive();
        }

        /** The exit code once it ended. */
        public OptionalInt exitCode() {
            return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
        }

        /** The last lines it wrote to stderr. */
        public String stderr() {
            return stderr.text();
        }

        /**
         * Asks it to stop (SIGINT: pg_receivewal flushes what it received and exits with 0), waits up to
         * {@code timeout}, then kills it. Returns the exit code.
         *
         * <p>Why SIGINT through {@code kill}: pg_receivewal 15 handles only SIGINT (SIGTERM from
         * {@link Process#destroy()} ends it without flushing the partial segment), and the JDK cannot send SIGINT.
         */
        public int stop(Duration timeout) throws IOException {
            if (process.isAlive() && !interrupt()) {
                process.destroy();
            }
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping pg_receivewal", e);
            }
            return process.isAlive() ? -1 : process.exitValue();
        }

        private boolean interrupt() {
            try {
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** {@link #stop} with {@link #DEFAULT_STOP}. */
        @Override
        public void close() throws IOException {
            stop(DEFAULT_STOP);
        }
    }
}
