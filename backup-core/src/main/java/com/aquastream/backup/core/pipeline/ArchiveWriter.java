package com.aquastream.backup.core.pipeline;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Port: compresses an archive stream into the store's staging area, and publishes it, with checksum sidecars, under
 * one or more final keys once the caller's checks passed (DESIGN.md invariant 2: nothing half-done is visible).
 */
public interface ArchiveWriter {

    /**
     * Clears {@code stagingArea} (what an earlier, crashed attempt of the same owner left there), then compresses
     * {@code source} (read to EOF, not closed) into one object inside it. Nothing is written outside the area. If the
     * source or the compressor fails, the area is cleared again and the source's exception (e.g. a
     * {@code DumpFailedException}) propagates.
     *
     * @param level       codec level, {@code <= 0} for the codec's default
     * @param stagingArea the owner's area, {@link com.aquastream.backup.core.store.ObjectKeys#stagingArea}
     * @return the staged archive: publish it, and close it in any case
     */
    StagedArchive stage(InputStream source, Compression compression, int level, ObjectStore store, String stagingArea)
            throws IOException;

    /**
     * {@link #stage} and {@link StagedArchive#publish} in one go, for callers with no check between them: the
     * result is under {@code keys.get(0)} with its {@code .sha256} sidecar and server-side copied to every further
     * key, each with its own sidecar.
     *
     * <p>If anything fails, nothing is visible under any key and the source's exception (e.g. a
     * {@code DumpFailedException}) propagates. An object's sidecar is written only after the object, so a sidecar
     * proves its object complete.
     *
     * @param level codec level, {@code <= 0} for the codec's default
     * @param keys  at least one key, all distinct
     */
    StoredArchive store(InputStream source, Compression compression, int level, ObjectStore store, List<String> keys)
            throws IOException;
}
