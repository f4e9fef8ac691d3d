package com.aquastream.backup.restore.recovery.pg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Reads psql's stdout ({@code -A -t}: one bare value a line) on a thread of its own, for two lines the restore's
 * script prints: the report of what became of other schemas' objects (a line starting with a per-run random
 * prefix, followed by JSON, which PostgreSQL prints without line breaks) and, after it, the token that says the
 * checks passed. Everything else (pg_restore's {@code SELECT set_config…} results) is drained unread. The random
 * prefix and token mean that no value of the restored data or of an object's name can pass for either.
 */
final class PsqlOutput {

    private final CompletableFuture<Boolean> tokenSeen = new CompletableFuture<>();
    private volatile String report;

    private PsqlOutput() {
    }

    /** Starts reading; {@code reportPrefix} is matched at the start of a line and followed by one space. */
    static PsqlOutput read(Process psql, String token, String reportPrefix) {
        PsqlOutput output = new PsqlOutput();
        Thread reader = new Thread(() -> output.drain(psql, token, reportPrefix + " "), "restore-stdout");
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    private void drain(Process psql, String token, String reportStart) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(psql.getInputStream(), StandardCharsets.UTF_8))) {
            String next;
            while ((next = lines.readLine()) != null) {
                if (next.startsWith(reportStart) && report == null) {
                    report = next.substring(reportStart.length());
                } else if (next.equals(token)) {
                    tokenSeen.complete(true);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        tokenSeen.complete(false);
    }

    /** Completes with true once the token was printed, with false if the output ended without it. */
    CompletableFuture<Boolean> tokenSeen() {
        return tokenSeen;
    }

    /** The report line's text after the prefix; null if none was printed (it is printed before the token). */
    String report() {
        return report;
    }
}
