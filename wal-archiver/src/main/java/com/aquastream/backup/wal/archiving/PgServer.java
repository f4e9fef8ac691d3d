package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.core.wal.Lsn;
import java.io.IOException;

/** What the archiver asks a cluster's server itself. */
public interface PgServer {

    /** The server's WAL segment size ({@code SHOW wal_segment_size}). */
    long walSegmentBytes() throws IOException;

    /** The server's current WAL write position ({@code pg_current_wal_lsn()}). */
    Lsn currentLsn() throws IOException;
}
