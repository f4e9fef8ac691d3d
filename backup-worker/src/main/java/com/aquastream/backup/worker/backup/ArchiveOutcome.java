package com.aquastream.backup.worker.backup;

import java.time.Instant;
import java.util.Map;

/** How one attempt to dump and store a schema ended. */
public sealed interface ArchiveOutcome {

    /**
     * Every object of the plan and its sidecar are stored. {@code format} names what the archive holds
     * ({@code pg_dump-custom}, {@code redis-rdb}); {@code tableRowCounts} are rows per table, or keys per logical
     * database for Redis.
     */
    record Archived(long sizeBytes, String sha256, Instant startedAt, Instant finishedAt, String serverVersion,
                    String toolVersion, Map<String, Long> tableRowCounts, String format) implements ArchiveOutcome {
    }

    /** Nothing is stored under any final key. {@code reason} is fit for operators: no credentials. */
    record Failed(String reason, boolean retryable) implements ArchiveOutcome {
    }

    /** Stopped by {@link AbortSignal}; nothing is stored under any final key. */
    record Aborted() implements ArchiveOutcome {
    }
}
