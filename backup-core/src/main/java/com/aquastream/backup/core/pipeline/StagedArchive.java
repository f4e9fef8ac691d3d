package com.aquastream.backup.core.pipeline;

import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.store.ObjectKeys;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A complete archive waiting in the staging area ({@link ObjectKeys#STAGING_AREA}) for the checks that come after
 * the dump (e.g. the row counts): nothing of it is under a final key yet. {@link #publish} puts it under its final
 * keys; {@link #close()} discards whatever is still staged, so
 * {@code try (StagedArchive staged = writer.stage(…)) { check(); staged.publish(keys); }} publishes only when the
 * checks passed and never leaves the staging object behind.
 *
 * <p>Not thread-safe: one owner, publish at most once.
 */
public final class StagedArchive implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StagedArchive.class);

    private final ObjectStore store;
    private final String stagingArea;
    private final String stagingKey;
    private final long sizeBytes;
    private final String sha256Hex;
    private boolean published;

    StagedArchive(ObjectStore store, String stagingArea, String stagingKey, long sizeBytes, String sha256Hex) {
        this.store = store;
        this.stagingArea = stagingArea;
        this.stagingKey = stagingKey;
        this.sizeBytes = sizeBytes;
        this.sha256Hex = sha256Hex;
    }

    /** Where the archive waits (inside its staging area). */
    public String stagingKey() {
        return stagingKey;
    }

    /** Size of the stored (compressed) bytes. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** Lower-case hex SHA-256 of the stored bytes, computed while they streamed into the staging area. */
    public String sha256Hex() {
        return sha256Hex;
    }

    /**
     * Publishes the archive: moves it to {@code keys.get(0)} (an atomic rename on a filesystem, a server-side copy on
     * S3), then server-side copies it to every further key. For each key the old sidecar (if any) is removed first
     * and the new one is written after the object, so a sidecar always describes the object beside it. If a step
     * fails, the keys this call already published are deleted again before the exception propagates: a failed
     * publication leaves no object under any final key. (A key is only ever published over an object that was never
     * announced — the caller refuses keys holding another backup — so this deletes nothing anyone relies on.)
     *
     * @param keys at least one key, all distinct, none in the staging area
     */
    public StoredArchive publish(List<String> keys) throws IOException {
        requireFinalKeys(keys);
        if (published) {
            throw new IllegalStateException("already published");
        }
        List<String> done = new ArrayList<>();
        String first = keys.get(0);
        try {
            publishOne(first, () -> store.move(stagingKey, first), done);
            for (String key : keys.subList(1, keys.size())) {
                publishOne(key, () -> store.copy(first, key), done);
            }
        } catch (IOException | RuntimeException e) {
            rollBack(done, e);
            throw e;
        }
        published = true;
        return new StoredArchive(keys, sizeBytes, sha256Hex);
    }

    /** Discards what is still staged (everything in the staging area, after a publish nothing of the archive). */
    @Override
    public void close() {
        try {
            store.deleteAll(stagingArea);
        } catch (IOException | RuntimeException e) {
            // Why not throw: the backup's outcome is already decided; the leftover is invisible to every listing of
            // backups and is cleared when the same request is staged again.
            log.warn("could not clear the staging area {}: {}", stagingArea, e.toString());
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    private void publishOne(String key, Step putObject, List<String> done) throws IOException {
        String sidecar = BackupNaming.sidecarKey(key);
        store.delete(sidecar);
        putObject.run();
        done.add(key);
        byte[] text = Sidecars.format(sha256Hex, key).getBytes(StandardCharsets.US_ASCII);
        store.put(sidecar, new ByteArrayInputStream(text));
    }

    private void rollBack(List<String> done, Exception failure) {
        for (String key : done) {
            try {
                store.delete(BackupNaming.sidecarKey(key));
                store.delete(key);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    static void requireFinalKeys(List<String> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed");
        }
        if (new HashSet<>(keys).size() != keys.size()) {
            throw new IllegalArgumentException("keys must be distinct: " + keys);
        }
        keys.forEach(ObjectKeys::requireSafeKey);
        if (keys.stream().anyMatch(ObjectKeys::isStaged)) {
            throw new IllegalArgumentException("a final key cannot lie in the staging area: " + keys);
        }
    }
}
