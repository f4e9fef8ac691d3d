package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.process.ChildEnvironment;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named pipe through which pg_restore hands its SQL straight to psql ({@code \i}), in the restore's work dir.
 *
 * <p>The archive's SQL is untrusted input to psql: anyone who can write the store can craft a custom-format archive
 * whose table of contents holds any text, and psql runs a backslash meta-command ({@code \! cmd}, {@code \o |cmd},
 * {@code \copy … program}) wherever one appears outside quotes. So pg_restore writes it in psql's <em>restricted
 * mode</em>: its output starts with {@code \restrict <key>} and ends with the matching unrestrict, and in between
 * psql refuses every meta-command as an error (and {@code ON_ERROR_STOP} ends the restore, rolled back). The key is
 * random for every run and chosen here, so no archive can know it to leave the mode early. Needs pg_restore and psql
 * of at least 13.22 / 14.19 / 15.14 / 16.10 / 17.6: an older pg_restore refuses {@code --restrict-key} and an older
 * psql refuses {@code \restrict}, so with them every restore fails rather than running unprotected.
 */
final class SqlFifo {

    private static final Logger log = LoggerFactory.getLogger(SqlFifo.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

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
            Process mkfifo = ChildEnvironment.confine(new ProcessBuilder("mkfifo", "-m", "600", text))
                    .redirectErrorStream(true).start();
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

    /**
     * The pg_restore command that writes an archive's SQL into {@code fifo} for psql, restricted (class comment);
     * the archive comes on its stdin, {@code selection} are further options ({@code -L list}, {@code --section}).
     */
    static List<String> pgRestoreInto(Path fifo, List<String> selection) {
        List<String> command = new ArrayList<>(List.of("pg_restore", "--restrict-key=" + restrictKey(),
                "-f", fifo.toString()));
        command.addAll(selection);
        return command;
    }

    /**
     * psql's errors, led by what they mean when psql refused a meta-command of the archive: the archive was crafted
     * (or damaged) to run something on this host, and nothing of it was run or committed.
     */
    static String explained(String psqlErrors) {
        return psqlErrors.contains("backslash commands are restricted")
                ? "the archive's SQL holds a psql meta-command (a backslash command such as \\! or \\o |, which"
                + " could run a program on the restore host); psql refused it and nothing was run or committed: the"
                + " archive was crafted or is damaged, restore another backup; psql: " + psqlErrors
                : psqlErrors;
    }

    /** 32 random letters and digits (psql accepts only those in a key). */
    static String restrictKey() {
        StringBuilder key = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            key.append(KEY_CHARS[RANDOM.nextInt(KEY_CHARS.length)]);
        }
        return key.toString();
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
