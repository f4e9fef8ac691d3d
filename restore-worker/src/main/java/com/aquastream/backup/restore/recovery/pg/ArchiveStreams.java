package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.process.ChildEnvironment;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Running pg_restore and psql as argument lists (never a shell), fed by streams, with stderr kept for errors. */
final class ArchiveStreams {

    private static final int STDERR_KEEP = 4096;
    /** Archives move in large chunks: 8 KB (transferTo's) costs measurably more system calls and digest calls. */
    private static final int COPY_BUFFER = 1 << 20;

    private ArchiveStreams() {
    }

    /** The archive's pg_dump custom-format bytes: the stored file, decompressed while read. */
    static InputStream customFormat(VerifiedArchive archive) throws IOException {
        return Compression.fromWireName(archive.compression()).decompress(Files.newInputStream(archive.file()));
    }

    /** Starts a client tool; its stdout is discarded when {@code discardStdout}, else left for the caller. */
    static Process start(PgConnection pg, List<String> command, boolean discardStdout) throws RestoreFailedException {
        return start(pg, command, discardStdout, java.util.Map.of());
    }

    /**
     * As {@link #start(PgConnection, List, boolean)}, with more environment (e.g. {@code PGAPPNAME}). The tool gets
     * only what it needs of ours ({@link ChildEnvironment}): never the signing key, S3 or encryption keys.
     */
    static Process start(PgConnection pg, List<String> command, boolean discardStdout,
                         java.util.Map<String, String> environment) throws RestoreFailedException {
        try {
            ProcessBuilder builder = ChildEnvironment.confine(new ProcessBuilder(command), pg.processEnvironment());
            if (discardStdout) {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new RestoreFailedException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Drains a process's stderr on its own thread, keeping the last few KB for the error message. */
    static CompletableFuture<String> stderrOf(Process p) {
        return onOwnThread("stderr", () -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try (InputStream in = p.getErrorStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    kept.write(buf, 0, n);
                    if (kept.size() > 4 * STDERR_KEEP) {
                        byte[] all = kept.toByteArray();
                        kept.reset();
                        kept.write(all, all.length - STDERR_KEEP, STDERR_KEEP);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            String text = kept.toString(StandardCharsets.UTF_8).strip();
            return text.length() > STDERR_KEEP ? text.substring(text.length() - STDERR_KEEP) : text;
        });
    }

    /** Copies {@code in} to the process's stdin on its own thread and closes it. */
    static CompletableFuture<Void> feed(Process p, InputStream in) {
        return onOwnThread("feed", () -> {
            try (InputStream source = in; OutputStream stdin = p.getOutputStream()) {
                copy(source, stdin);
                return null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * Reads the process's stdout to its end on its own thread; completes with true as soon as a line equal to
     * {@code line} arrives, with false if the output ends without one. The rest of the output is drained unread.
     */
    static CompletableFuture<Boolean> printsLine(Process p, String line) {
        CompletableFuture<Boolean> seen = new CompletableFuture<>();
        onOwnThread("stdout", () -> {
            try (java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String next;
                while ((next = lines.readLine()) != null) {
                    if (next.equals(line)) {
                        seen.complete(true);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            seen.complete(false);
            return null;
        });
        return seen;
    }

    /**
     * Runs blocking stream work on a thread of its own. Not the common pool: on a machine with more cores it is a
     * pool of a few threads, and a restore's three or four blocked readers and writers (two restores at once) could
     * occupy it while the archive feed that would unblock them waits in its queue.
     */
    private static <T> CompletableFuture<T> onOwnThread(String what, java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "restore-" + what);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Copies everything from {@code in} to {@code out} in 1 MiB chunks; closes neither. */
    static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    static int exitCode(Process p, long timeoutMinutes) throws RestoreFailedException {
        try {
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new RestoreFailedException("timed out after " + timeoutMinutes + " min", null);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("interrupted", e);
        }
    }

    /** Whether the process ends within {@code millis}; unlike {@link #exitCode}, waiting in vain is no error. */
    static boolean endsWithin(Process p, long millis) {
        try {
            return p.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    static String join(CompletableFuture<String> stderr) {
        try {
            return stderr.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(stderr unavailable)";
        }
    }

    /**
     * Waits until psql prints the token written after {@code what} (true) or ends without it (false: an error
     * stopped it). The checks may scan tables, so this waits as long as a restore may take; on a timeout or an
     * unreadable output psql is stopped, which ends its session without COMMIT.
     */
    static boolean awaitToken(CompletableFuture<Boolean> printed, Process psql, Duration timeout,
                              String what) throws RestoreFailedException {
        try {
            return printed.get(timeout.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            psql.destroyForcibly();
            throw new RestoreFailedException(what + " timed out after " + timeout.plusMinutes(1).toMinutes()
                    + " min", null);
        } catch (ExecutionException e) {
            psql.destroyForcibly();
            throw new RestoreFailedException("cannot read psql's output: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            psql.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("interrupted", e);
        }
    }

    /**
     * Waits for pg_restore; if psql ends first (an SQL error), pg_restore is stopped, as it may be blocked opening
     * the FIFO or writing into it; past the timeout both are. Returns pg_restore's exit code.
     */
    static int awaitRestore(Process pgRestore, Process psql, Duration timeout)
            throws RestoreFailedException {
        long deadline = System.nanoTime() + timeout.plusMinutes(1).toNanos();
        try {
            while (!pgRestore.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (!psql.isAlive() || System.nanoTime() > deadline) {
                    pgRestore.destroyForcibly();
                    pgRestore.waitFor();
                    if (psql.isAlive()) {
                        psql.destroyForcibly();
                        throw new RestoreFailedException("timed out after " + timeout.plusMinutes(1).toMinutes()
                                + " min", null);
                    }
                }
            }
            return pgRestore.exitValue();
        } catch (InterruptedException e) {
            pgRestore.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("interrupted", e);
        }
    }
}
