package com.aquastream.backup.restore.restore.pg;

import com.aquastream.backup.restore.restore.SchemaReplacer.RestoreFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A named pipe through which pg_restore hands its SQL straight to psql ({@code \i}), in the restore's work dir. */
final class SqlFifo {

    private static final Logger log = LoggerFactory.getLogger(SqlFifo.class);

    private SqlFifo() {
    }

    /** Creates the FIFO (owner-only) at {@code path}, which must not exist yet. */
    static Path create(Path path) throws RestoreFailedException {
        String text = path.toAbsolutePath().toString();
        if (text.indexOf('\'') >= 0 || text.indexOf('\\') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0) {
            // psql's \i reads the quoted path with its own escapes; the work dir's name must not need any.
            throw new RestoreFailedException("the restore work dir " + path.getParent()
                    + " has a quote, backslash or line break in its path; choose another restore.work-dir", null);
        }
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", text).redirectErrorStream(true).start();
            String output = new String(mkfifo.getInputStream().readAllBytes()).strip();
            if (!mkfifo.waitFor(30, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                throw new RestoreFailedException("cannot create the FIFO " + text + ": " + output, null);
            }
            return path.toAbsolutePath();
        } catch (IOException e) {
            throw new RestoreFailedException("cannot create the FIFO " + text + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("interrupted", e);
        }
    }

    /** The psql meta-command that runs the SQL arriving in the FIFO. */
    static String include(Path fifo) {
        return "\\i '" + fifo + "'\n";
    }

    static void delete(Path fifo) {
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            log.warn("could not delete the FIFO {}: {}", fifo, e.toString());
        }
    }
}
