package com.aquastream.backup.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A flat key → bytes store for archives and their checksum sidecars (a filesystem directory or an S3/MinIO bucket).
 *
 * <p>Contract shared by every implementation (checked by the {@code ObjectStoreContract} test):
 * <ul>
 *   <li><b>Keys</b>: every method first validates its key or prefix with {@link ObjectKeys} and throws
 *       {@link UnsafeKeyException} for unsafe ones, before touching the store.</li>
 *   <li><b>Atomic publication</b>: {@link #put}, {@link #copy} and {@link #move} make an object visible under its key only once all
 *       of its bytes are stored. If they fail (including when the content stream throws), nothing new is visible
 *       under the key: a previous object stays as it was, and no partial or temporary object is returned by
 *       {@link #list}, {@link #exists} or {@link #get}. This is what lets a failed dump leave nothing behind
 *       (DESIGN.md invariant 2).</li>
 *   <li><b>Staging</b>: keys under {@value ObjectKeys#STAGING_AREA} ({@link ObjectKeys#stagingArea}) are archives
 *       waiting for publication. They are ordinary objects for get, exists, copy, {@link #move} and delete, but
 *       {@link #list} returns them only for a prefix inside the area, so no listing of the store or of the layout
 *       ({@code postgres/…}, {@code redis/…}) ever shows one. The backup-worker uploads a dump there, checks
 *       everything that can fail (dump exit status, row counts), and only then moves it to its final key;
 *       {@link #deleteAll} clears what a crashed attempt left (redone requests clear their area first).</li>
 *   <li><b>Overwrite</b>: a successful put, copy or move replaces any previous object under the key.</li>
 *   <li><b>Checksums</b>: {@link #put} returns the size and SHA-256 of exactly the bytes stored, computed while
 *       streaming (no second read).</li>
 *   <li><b>Memory</b>: implementations stream; memory use is bounded independently of object size (the in-memory
 *       test fake excepted).</li>
 *   <li><b>Errors</b>: infrastructure failures are {@link IOException}s whose messages never contain credentials.</li>
 * </ul>
 * Implementations are safe for concurrent use by several threads on different keys.
 */
public interface ObjectStore {

    /** A short name of the kind of store, as reported in {@code backup.completed.store}: "filesystem" or "s3". */
    String name();

    /**
     * Reads {@code content} to EOF and stores it under {@code key}, replacing any previous object. The object becomes
     * visible only after the whole content was read without error; if reading or storing fails the exception
     * propagates (the content's own exception where possible, e.g. a dump failure) and nothing new is visible under
     * {@code key}. Does not close {@code content}.
     *
     * @return the key, size and SHA-256 of the stored bytes
     */
    StoredObjectInfo put(String key, InputStream content) throws IOException;

    /**
     * Opens the object under {@code key} for streaming; the caller closes the stream.
     *
     * @throws ObjectNotFoundException if there is no object under {@code key}
     */
    InputStream get(String key) throws IOException;

    /** Whether an object exists under {@code key}. */
    boolean exists(String key) throws IOException;

    /**
     * Copies the object under {@code sourceKey} to {@code targetKey} (server-side where the store supports it),
     * with the same atomicity as {@link #put}.
     *
     * @throws ObjectNotFoundException if there is no object under {@code sourceKey}
     */
    void copy(String sourceKey, String targetKey) throws IOException;

    /**
     * Moves the object under {@code sourceKey} to {@code targetKey}, replacing any previous object there: afterwards
     * it is under the target and no longer under the source. The target changes with the same atomicity as
     * {@link #put} (readers see the previous object or the whole new one). The filesystem store renames in one
     * atomic step; elsewhere it is a (server-side) {@link #copy} followed by deleting the source, so a failure
     * between the two leaves the object under both keys, complete under each, never under neither.
     *
     * @throws ObjectNotFoundException if there is no object under {@code sourceKey}
     */
    default void move(String sourceKey, String targetKey) throws IOException {
        ObjectKeys.requireSafeKey(sourceKey);
        ObjectKeys.requireSafeKey(targetKey);
        if (sourceKey.equals(targetKey)) {
            if (!exists(sourceKey)) {
                throw new ObjectNotFoundException(sourceKey);
            }
            return;
        }
        copy(sourceKey, targetKey);
        delete(sourceKey);
    }

    /** Deletes the object under {@code key}; deleting a missing object is not an error (idempotent). */
    void delete(String key) throws IOException;

    /**
     * Deletes every object whose key starts with {@code prefix} (which must not be empty), together with what an
     * interrupted upload may have left there where the store keeps such things (the filesystem store's temp files;
     * S3 never shows an incomplete multipart upload, and aborts it itself when the client fails). Meant for
     * clearing a staging area; idempotent.
     *
     * @throws UnsafeKeyException if the prefix is empty or unsafe
     */
    default void deleteAll(String prefix) throws IOException {
        ObjectKeys.requireSafePrefix(prefix);
        if (prefix.isEmpty()) {
            throw new UnsafeKeyException("deleteAll needs a non-empty prefix");
        }
        for (String key : new ArrayList<>(list(prefix))) {
            delete(key);
        }
    }

    /**
     * The keys of all objects whose key starts with {@code prefix} (plain string prefix, {@code ""} for all), sorted
     * in ascending {@link String} order. Temporary or partial uploads are never listed, and staged objects only for
     * a prefix inside the staging area ({@code staging/…}).
     */
    List<String> list(String prefix) throws IOException;
}
