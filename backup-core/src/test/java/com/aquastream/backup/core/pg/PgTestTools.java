package com.aquastream.backup.core.pg;

import com.aquastream.backup.testsupport.TestDatabases;

import java.io.IOException;
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
        PgConnection pg = localServer();
        ProcessBuilder builder = new ProcessBuilder(List.of("pg_restore", "-h", pg.host(), "-p",
                Integer.toString(pg.port()), "-U", pg.user(), "--no-owner", "--exit-on-error", "--no-password",
                "-d", database)).redirectErrorStream(true);
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
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("pg_restore timed out");
        }
        if (process.exitValue() != 0) {
            throw new IOException("pg_restore exited " + process.exitValue() + ": " + output.join());
        }
    }
}
