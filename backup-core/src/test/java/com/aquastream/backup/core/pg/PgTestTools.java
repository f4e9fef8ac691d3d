package com.aquastream.backup.core.pg;

import com.aquastream.backup.testsupport.TestDatabases;

import java.io.IOException;
import java.util.function.Predicate;
import java.nio.file.Path;
import java.nio.file.Files;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The local test server as a {@link PgConnection}, and a plain pg_restore for checking archives in tests. */
public final class PgTestTools {

    private PgTestTools() {
    }

    /** The connection the test-support databases live on. */
    public static PgConnection localServer() {
        return new PgConnection(TestDatabases.host(), TestDatabases.port(), TestDatabases.user(),
                System.getenv("PGPASSWORD"));
    }

    /**
     * Restores a custom-format archive read from {@code archive} into {@code database} with
     * {@code pg_restore --no-owner --exit-on-error -d database} (archive on stdin), failing on a non-zero exit.
     */
    public static void restore(InputStream archive, String database) throws IOException, InterruptedException {
        restore(archive, database, null);
    }

    /** As {@link #restore(InputStream, String)}, only the given {@code --section} ({@code pre-data}, ...) if not null. */
    public static void restore(InputStream archive, String database, String section)
            throws IOException, InterruptedException {
        PgConnection pg = localServer();
        List<String> command = new java.util.ArrayList<>(List.of("pg_restore", "-h", pg.host(), "-p",
                Integer.toString(pg.port()), "-U", pg.user(), "--no-owner", "--exit-on-error", "--no-password",
                "-d", database));
        if (section != null) {
            command.add("--section=" + section);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(pg.processEnvironment());
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream out = process.getInputStream()) {
                return new String(out.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        try (OutputStream stdin = process.getOutputStream()) {
            archive.transferTo(stdin);
        } catch (IOException brokenPipe) {
            // pg_restore ended early: done (a --section needs only part of the archive), or its message says why.
            if (process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0) {
                return;
            }
            throw new IOException("pg_restore stopped reading: " + output.join(), brokenPipe);
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("pg_restore timed out");
        }
        if (process.exitValue() != 0) {
            throw new IOException("pg_restore exited " + process.exitValue() + ": " + output.join());
        }
    }

    /**
     * Restores the entries of a custom-format archive file whose table-of-contents line ({@code pg_restore -l})
     * matches {@code entries}, e.g. everything but the foreign keys, then only those.
     */
    public static void restoreEntries(Path archive, String database, Predicate<String> entries)
            throws IOException, InterruptedException {
        PgConnection pg = localServer();
        Process list = new ProcessBuilder("pg_restore", "-l", archive.toString()).redirectErrorStream(true).start();
        String toc = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (list.waitFor() != 0) {
            throw new IOException("pg_restore -l exited " + list.exitValue() + ": " + toc);
        }
        Path selected = Files.createTempFile("toc", ".list");
        try {
            Files.writeString(selected, toc.lines().filter(l -> l.startsWith(";") || entries.test(l))
                    .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
            ProcessBuilder builder = new ProcessBuilder("pg_restore", "-h", pg.host(), "-p",
                    Integer.toString(pg.port()), "-U", pg.user(), "--no-owner", "--exit-on-error", "--no-password",
                    "-L", selected.toString(), "-d", database, archive.toString()).redirectErrorStream(true);
            builder.environment().putAll(pg.processEnvironment());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("pg_restore exited " + process.exitValue() + ": " + output);
            }
        } finally {
            Files.deleteIfExists(selected);
        }
    }
}
