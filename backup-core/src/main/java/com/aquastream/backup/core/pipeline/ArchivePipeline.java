package com.aquastream.backup.core.pipeline;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.store.ObjectKeys;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.core.store.StoredObjectInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streaming composition behind every backup: source (e.g. pg_dump's stdout) → compressor → bounded pipe →
 * {@link ObjectStore#put} (which digests while storing) → sidecar → copies for further tiers.
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
    public StoredArchive store(InputStream source, Compression compression, int level, ObjectStore store,
                               List<String> keys) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(store, "store");
        requireKeys(keys);

        String first = keys.get(0);
        StoredObjectInfo stored = compressInto(source, compression, level, store, first);
        putSidecar(store, first, stored.sha256Hex());
        for (String key : keys.subList(1, keys.size())) {
            store.copy(first, key);
            putSidecar(store, key, stored.sha256Hex());
        }
        return new StoredArchive(keys, stored.sizeBytes(), stored.sha256Hex());
    }

    /** Validates all keys before anything is written, so a bad second key cannot leave a lone first object. */
    private static void requireKeys(List<String> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed");
        }
        if (new HashSet<>(keys).size() != keys.size()) {
            throw new IllegalArgumentException("keys must be distinct: " + keys);
        }
        keys.forEach(ObjectKeys::requireSafeKey);
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

    private static void putSidecar(ObjectStore store, String key, String sha256Hex) throws IOException {
        byte[] text = Sidecars.format(sha256Hex, key).getBytes(StandardCharsets.US_ASCII);
        store.put(BackupNaming.sidecarKey(key), new ByteArrayInputStream(text));
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
