package com.aquastream.backup.worker.backup;

import java.time.Instant;
import java.util.Map;

/** How one attempt to dump and store a schema ended. */
public sealed interface ArchiveOutcome {

    /** Every object of the plan and its sidecar are stored. */
    record Archived(long sizeBytes, String sha256, Instant startedAt, Instant finishedAt, String serverVersion,
                    String toolVersion, Map<String, Long> tableRowCounts) implements ArchiveOutcome {
    }

    /** Nothing is stored under any final key. {@code reason} is fit for operators: no credentials. */
    record Failed(String reason, boolean retryable) implements ArchiveOutcome {
    }

    /** Stopped by {@link AbortSignal}; nothing is stored under any final key. */
    record Aborted() implements ArchiveOutcome {
    }
}
