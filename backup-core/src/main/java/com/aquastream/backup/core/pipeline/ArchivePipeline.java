package com.aquastream.backup.core.pipeline;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.store.ObjectKeys;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.StoredObjectInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streaming composition behind every backup: source (e.g. pg_dump's stdout) → compressor → bounded pipe →
 * {@link ObjectStore#put} into the staging area (which digests while storing) → {@link StagedArchive}, which the
 * caller publishes (move to the final key, sidecar, copies for further tiers) once its own checks passed.
 *
 * <p>Memory is independent of the archive's size (DESIGN.md invariant 7): the compressor runs on its own thread and
 * writes into a {@link BoundedPipe} of {@value #DEFAULT_PIPE_BYTES} bytes; the store reads from the pipe on the
 * caller's thread. Buffers: the copy buffer, the codec's buffers, the pipe, and whatever the store bounds itself to
 * (e.g. one S3 part).
 *
 * <p>Why the compressor must fail the pipe rather than close it: closing would finish the gzip stream and make a
 * truncated dump look like a complete archive. Failing it makes the store's read throw, so the store publishes
 * nothing.
 */
public final class ArchivePipeline implements ArchiveWriter {

    /** Size of the pipe between compressor and store. */
    public static final int DEFAULT_PIPE_BYTES = 1024 * 1024;

    private static final int COPY_BUFFER = 64 * 1024;
    private static final long FAILURE_JOIN_MILLIS = 5_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final int pipeBytes;

    /** A pipeline with a 1 MiB pipe. */
    public ArchivePipeline() {
        this(DEFAULT_PIPE_BYTES);
    }

    /** A pipeline with a pipe of {@code pipeBytes}. */
    public ArchivePipeline(int pipeBytes) {
        if (pipeBytes <= 0) {
            throw new IllegalArgumentException("pipeBytes must be positive");
        }
        this.pipeBytes = pipeBytes;
    }

    @Override
    public StagedArchive stage(InputStream source, Compression compression, int level, ObjectStore store,
                               String stagingArea) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(store, "store");
        ObjectKeys.requireStagingArea(stagingArea);
        if (!stagingArea.endsWith("/")) {
            throw new IllegalArgumentException("a staging area ends with '/': " + stagingArea);
        }
        // Leftovers of an earlier attempt of the same owner (a worker killed mid-upload) go first.
        store.deleteAll(stagingArea);
        // Why a fresh name per attempt: a stalled upload of an earlier attempt that still completes can never
        // replace the bytes this attempt staged and is about to publish.
        String stagingKey = stagingArea + "archive-" + UUID.randomUUID();
        StoredObjectInfo stored;
        try {
            stored = compressInto(source, compression, level, store, stagingKey);
        } catch (IOException | RuntimeException | Error e) {
            try {
                store.deleteAll(stagingArea);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new StagedArchive(store, stagingArea, stagingKey, stored.sizeBytes(), stored.sha256Hex());
    }

    /** {@link #stage} into a staging area of its own, then {@link StagedArchive#publish}. */
    @Override
    public StoredArchive store(InputStream source, Compression compression, int level, ObjectStore store,
                               List<String> keys) throws IOException {
        StagedArchive.requireFinalKeys(keys);
        try (StagedArchive staged = stage(source, compression, level, store,
                ObjectKeys.stagingArea(UUID.randomUUID().toString()))) {
            return staged.publish(keys);
        }
    }

    private StoredObjectInfo compressInto(InputStream source, Compression compression, int level, ObjectStore store,
                                          String key) throws IOException {
        BoundedPipe pipe = new BoundedPipe(pipeBytes);
        Thread compressor = new Thread(() -> compress(source, compression, level, pipe),
                "archive-compressor-" + THREADS.incrementAndGet());
        compressor.setDaemon(true);
        compressor.start();
        StoredObjectInfo stored;
        try {
            stored = store.put(key, pipe.source());
        } catch (IOException | RuntimeException | Error e) {
            // Unblocks the compressor: its next write into the pipe fails and the thread ends. Why not wait for it
            // without bound: it may be blocked reading a stalled source; it is a daemon and ends at its next write.
            pipe.source().close();
            awaitCompressor(compressor, FAILURE_JOIN_MILLIS, e);
            throw e;
        }
        // The store read to EOF, so the compressor has closed the pipe and is about to end.
        pipe.source().close();
        awaitCompressor(compressor, 0, null);
        return stored;
    }

    private static void compress(InputStream source, Compression compression, int level, BoundedPipe pipe) {
        OutputStream out = null;
        try {
            out = compression.compress(pipe.sink(), level);
            byte[] buffer = new byte[COPY_BUFFER];
            int n;
            while ((n = source.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
            out.close(); // finishes the codec's stream and closes the sink: a clean EOF for the store
        } catch (Throwable t) {
            pipe.failWriter(t);
            closeAfterFailure(out);
        }
    }

    /** Releases the codec's resources (zstd holds native memory); the pipe is already failed, so errors are moot. */
    private static void closeAfterFailure(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException | RuntimeException ignored) {
                // expected: the failed pipe rejects the codec's final bytes
            }
        }
    }

    private static void awaitCompressor(Thread thread, long millis, Throwable pending) throws InterruptedIOException {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (pending == null) {
                throw new InterruptedIOException("interrupted while waiting for the compressor");
            }
        }
    }
}
