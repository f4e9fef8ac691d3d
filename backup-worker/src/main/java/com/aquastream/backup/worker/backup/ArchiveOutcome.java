package com.aquastream.backup.worker.backup;

import java.time.Instant;
import java.util.Map;

/** How one attempt to dump and store a schema ended. */
public sealed interface ArchiveOutcome {

    /**
     * Every object of the plan and its sidecar are stored. {@code format} names what the archive holds
     * ({@code pg_dump-custom}, {@code redis-rdb}); {@code tableRowCounts} are rows per table, or keys per logical
     * database for Redis; {@code snapshotLsn} is the dump snapshot's WAL position (PostgreSQL), else null.
     */
    record Archived(long sizeBytes, String sha256, Instant startedAt, Instant finishedAt, String serverVersion,
                    String toolVersion, Map<String, Long> tableRowCounts, String format, String snapshotLsn)
            implements ArchiveOutcome {

        /** Without a WAL position of the snapshot (Redis; a standby). */
        public Archived(long sizeBytes, String sha256, Instant startedAt, Instant finishedAt, String serverVersion,
                        String toolVersion, Map<String, Long> tableRowCounts, String format) {
            this(sizeBytes, sha256, startedAt, finishedAt, serverVersion, toolVersion, tableRowCounts, format, null);
        }
    }

    /** Nothing is stored under any final key. {@code reason} is fit for operators: no credentials. */
    record Failed(String reason, boolean retryable) implements ArchiveOutcome {
    }

    /** Stopped by {@link AbortSignal}; nothing is stored under any final key. */
    record Aborted() implements ArchiveOutcome {
    }
}
