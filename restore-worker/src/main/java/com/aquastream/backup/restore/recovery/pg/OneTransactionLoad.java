package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Loads several archive parts and closing SQL into one database in ONE psql transaction, with the replace's
 * protocol ({@link PsqlSchemaReplacer}): an explicit {@code BEGIN}, each part's SQL from pg_restore through a FIFO
 * ({@code \i}), the closing SQL (row-count checks, bookkeeping) followed by a token, and a {@code COMMIT} that this
 * JVM writes only after psql printed the token. A worker that dies at any point commits nothing: psql's input ends
 * without the COMMIT and the server rolls back.
 */
final class OneTransactionLoad {

    /** A process killed by SIGPIPE: pg_restore writing into the FIFO after psql stopped reading it. */
    private static final int BROKEN_PIPE_EXIT = 128 + 13;

    /** What pg_restore writes of one archive: {@code selection} are its options ({@code -L list}, {@code --section}). */
    record Part(VerifiedArchive archive, List<String> selection) {
    }

    private final PgConnection pg;
    private final Duration timeout;

    OneTransactionLoad(PgConnection pg, Duration timeout) {
        this.pg = pg;
        this.timeout = timeout;
    }

    /** @param what names the load in errors ({@code restore of <key> into <database>}) */
    void run(String database, List<Part> parts, String closingSql, String what) throws RestoreFailedException {
        Process psql = ArchiveStreams.start(pg, List.of("psql", "-X", "-q", "-A", "-t", "-h", pg.host(),
                "-p", Integer.toString(pg.port()), "-U", pg.user(), "-d", database, "--no-password",
                "-v", "ON_ERROR_STOP=1"), false);
        CompletableFuture<String> psqlErr = ArchiveStreams.stderrOf(psql);
        String checkedToken = "restore-worker checks passed " + UUID.randomUUID();
        CompletableFuture<Boolean> checked = ArchiveStreams.printsLine(psql, checkedToken);
        List<Path> fifos = new ArrayList<>();
        OutputStream script = psql.getOutputStream();
        try {
            script.write("BEGIN;\nSET client_min_messages = warning;\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < parts.size(); i++) {
                Part part = parts.get(i);
                Path fifo = SqlFifo.create(part.archive().file().resolveSibling(part.archive().file().getFileName()
                        + ".part" + i + ".sql"));
                fifos.add(fifo);
                loadPart(part, fifo, psql, psqlErr, script, what);
            }
            script.write((closingSql + "\nSELECT " + CrossSchemaBook.literal(checkedToken) + ";\n")
                    .getBytes(StandardCharsets.UTF_8));
            script.flush();
            if (!ArchiveStreams.awaitToken(checked, psql, timeout, "the closing checks")) {
                int psqlExit = ArchiveStreams.exitCode(psql, 1);
                throw new RestoreFailedException(what + " failed; psql exited " + psqlExit + ": "
                        + SqlFifo.explained(ArchiveStreams.join(psqlErr)), null);
            }
            script.write("COMMIT;\n".getBytes(StandardCharsets.UTF_8)); // everything loaded and checked
            script.close();
        } catch (IOException | RuntimeException e) {
            boolean psqlEnded = !psql.isAlive();
            psql.destroyForcibly();
            throw new RestoreFailedException(what + " broke off: " + e.getMessage()
                    + (psqlEnded ? "; psql: " + SqlFifo.explained(ArchiveStreams.join(psqlErr)) : ""), e);
        } catch (RestoreFailedException e) {
            psql.destroyForcibly(); // the session ends inside the transaction: the server rolls it back
            throw e;
        } finally {
            fifos.forEach(SqlFifo::delete);
        }
        int psqlExit = ArchiveStreams.exitCode(psql, timeout.toMinutes() + 1);
        if (psqlExit != 0) {
            throw new RestoreFailedException(what + " failed; psql exited " + psqlExit + " at COMMIT: "
                    + SqlFifo.explained(ArchiveStreams.join(psqlErr)), null);
        }
    }

    private void loadPart(Part part, Path fifo, Process psql, CompletableFuture<String> psqlErr, OutputStream script,
                          String what) throws RestoreFailedException, IOException {
        List<String> command = SqlFifo.pgRestoreInto(fifo, part.selection());
        Process pgRestore = ArchiveStreams.start(pg, command, true);
        CompletableFuture<String> restoreErr = ArchiveStreams.stderrOf(pgRestore);
        try {
            CompletableFuture<Void> archiveIn = ArchiveStreams.feed(pgRestore,
                    ArchiveStreams.customFormat(part.archive()));
            script.write(SqlFifo.include(fifo).getBytes(StandardCharsets.UTF_8));
            script.flush();
            int restoreExit = ArchiveStreams.awaitRestore(pgRestore, psql, timeout);
            if (restoreExit != 0 || !psql.isAlive()) {
                boolean psqlEnded = ArchiveStreams.endsWithin(psql, restoreExit == BROKEN_PIPE_EXIT ? 10_000 : 500);
                String psqlFailure = psqlEnded ? "; psql exited " + psql.exitValue() + ": "
                        + SqlFifo.explained(ArchiveStreams.join(psqlErr)) : "";
                throw new RestoreFailedException(what + " failed at " + part.archive().key()
                        + (restoreExit != 0 ? "; pg_restore exited " + restoreExit + ": "
                        + ArchiveStreams.join(restoreErr) : "") + psqlFailure, null);
            }
            archiveIn.exceptionally(e -> null).join(); // pg_restore may stop reading early (-L, --section)
        } finally {
            pgRestore.destroyForcibly();
        }
    }
}
