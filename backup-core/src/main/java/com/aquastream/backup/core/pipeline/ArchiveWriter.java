package com.aquastream.backup.core.pipeline;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Port: compresses an archive stream and stores it, with checksum sidecars, under one or more keys. */
public interface ArchiveWriter {

    /**
     * Compresses {@code source} (read to EOF, not closed) and stores the result under {@code keys.get(0)} with its
     * {@code .sha256} sidecar, then server-side copies it to every further key, each with its own sidecar.
     *
     * <p>If the source or the compressor fails, nothing is visible under any key and the source's exception (e.g. a
     * {@code DumpFailedException}) propagates. An object's sidecar is written only after the object, so a sidecar
     * proves its object complete; a failure after the first put (e.g. during a copy) can leave earlier keys stored —
     * a retry with the same keys overwrites them.
     *
     * @param level codec level, {@code <= 0} for the codec's default
     * @param keys  at least one key, all distinct
     */
    StoredArchive store(InputStream source, Compression compression, int level, ObjectStore store, List<String> keys)
            throws IOException;
}
