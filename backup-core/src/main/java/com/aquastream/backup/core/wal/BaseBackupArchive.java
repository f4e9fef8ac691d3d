package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.checksum.DigestingInputStream;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.process.ScratchFiles;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A stored base backup turned back into a data directory: fetched, checked against its sidecar while it streams,
 * decompressed and untarred (as the server's OS user, so the server may own it), then checked file by file against
 * the manifest pg_basebackup put into it ({@code pg_verifybackup --no-parse-wal}: the WAL comes from the archive).
 */
public final class BaseBackupArchive {

    private static final Duration VERIFY_TIMEOUT = Duration.ofHours(2);

    private final ObjectStore store;
    private final ServerPrograms programs;
    private final Path scratch;

    /**
     * @param scratch where {@link #verify} extracts a backup for the check (deleted afterwards)
     */
    public BaseBackupArchive(ObjectStore store, ServerPrograms programs, Path scratch) {
        this.store = Objects.requireNonNull(store, "store");
        this.programs = Objects.requireNonNull(programs, "programs");
        this.scratch = Objects.requireNonNull(scratch, "scratch");
    }

    /**
     * Extracts the archive at {@code key} into the new, empty {@code directory} (mode 0700, owned by the server's
     * OS user).
     *
     * @throws IOException naming the key when the stored bytes differ from the sidecar or tar fails
     */
    public void extract(String key, Compression compression, Path directory) throws IOException {
        String expected = Sidecars.read(store, BaseBackupKeys.sidecarKey(key));
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        programs.own(directory);
        Process tar = programs.start(List.of("tar", "--extract", "--file=-", "--directory=" + directory,
                "--no-same-owner"));
        StderrTail output = new StderrTail(tar.getInputStream(), "tar");
        String actual;
        try (InputStream raw = store.get(key); OutputStream toTar = tar.getOutputStream()) {
            DigestingInputStream stored = new DigestingInputStream(raw);
            compression.decompress(stored).transferTo(toTar); // closed with raw: the rest still counts below
            stored.transferTo(OutputStream.nullOutputStream());
            actual = stored.sha256Hex();
        } catch (IOException e) {
            tar.destroyForcibly();
            output.awaitEnd(Duration.ofSeconds(2));
            throw new IOException("could not extract base backup " + key + " into " + directory + ": "
                    + e.getMessage() + (output.text().isBlank() ? "" : "; tar: " + output.text().strip()), e);
        }
        int exit = waitFor(tar);
        output.awaitEnd(Duration.ofSeconds(2));
        if (!actual.equals(expected)) {
            throw new IOException("base backup " + key + " does not match its sidecar: the stored bytes are damaged");
        }
        if (exit != 0) {
            throw new IOException("tar could not extract base backup " + key + " (exit " + exit + "): "
                    + output.text());
        }
    }

    /** Checks an extracted backup against its manifest. */
    public void verifyExtracted(Path directory) throws IOException {
        programs.run(List.of(programs.program("pg_verifybackup"), "--no-parse-wal", "--quiet",
                directory.toString()), VERIFY_TIMEOUT);
    }

    /** Extracts the archive at {@code key} into scratch space, checks it, and deletes it again. */
    public void verify(String key, Compression compression) throws IOException {
        Files.createDirectories(scratch);
        Path work = Files.createTempDirectory(scratch, "verify-");
        try {
            programs.own(work);
            Path directory = work.resolve("data");
            extract(key, compression, directory);
            try {
                verifyExtracted(directory);
            } catch (IOException e) {
                throw new IOException("base backup " + key + " failed pg_verifybackup: " + e.getMessage(), e);
            }
        } finally {
            ScratchFiles.deleteTree(work);
        }
    }

    private static int waitFor(Process process) throws IOException {
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("tar did not finish");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting a base backup", e);
        }
    }
}
