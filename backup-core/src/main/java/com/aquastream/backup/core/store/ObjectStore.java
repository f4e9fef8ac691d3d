package com.aquastream.backup.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A flat key → bytes store for archives and their checksum sidecars (a filesystem directory or an S3/MinIO bucket).
 *
 * <p>Contract shared by every implementation (checked by the {@code ObjectStoreContract} test):
 * <ul>
 *   <li><b>Keys</b>: every method first validates its key or prefix with {@link ObjectKeys} and throws
 *       {@link UnsafeKeyException} for unsafe ones, before touching the store.</li>
 *   <li><b>Atomic publication</b>: {@link #put} and {@link #copy} make an object visible under its key only once all
 *       of its bytes are stored. If they fail (including when the content stream throws), nothing new is visible
 *       under the key: a previous object stays as it was, and no partial or temporary object is returned by
 *       {@link #list}, {@link #exists} or {@link #get}. This is what lets a failed dump leave nothing behind
 *       (DESIGN.md invariant 2).</li>
 *   <li><b>Overwrite</b>: a successful put or copy replaces any previous object under the key.</li>
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

    /** Deletes the object under {@code key}; deleting a missing object is not an error (idempotent). */
    void delete(String key) throws IOException;

    /**
     * The keys of all objects whose key starts with {@code prefix} (plain string prefix, {@code ""} for all), sorted
     * in ascending {@link String} order. Temporary or partial uploads are never listed.
     */
    List<String> list(String prefix) throws IOException;
}
