package com.aquastream.backup.core.pg;

import java.io.IOException;

/** Port for taking a logical dump of one schema (implemented by {@link PgDumpSchemaDumper}). */
public interface SchemaDumper {

    /** The dump tool's version, e.g. {@code pg_dump (PostgreSQL) 15.13}, for {@code backup.completed.toolVersion}. */
    String toolVersion() throws IOException;

    /**
     * Starts dumping {@code schema} of {@code database} as a custom-format archive.
     *
     * @param snapshotId           exported snapshot to dump (see {@link SnapshotSession}), or {@code null}
     * @param internalCompressLevel the archive's internal compression, 0..9
     * @throws com.aquastream.backup.core.naming.InvalidIdentifierException for non-identifier database or schema
     * @throws IOException if the process cannot be started
     */
    DumpProcess start(String database, String schema, String snapshotId, int internalCompressLevel) throws IOException;
}
