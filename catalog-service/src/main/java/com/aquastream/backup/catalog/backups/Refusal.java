package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.events.BackupFailed;
import java.time.Instant;
import java.util.UUID;

/**
 * What the catalog remembers of the requests the backup-worker refused for one (database, schema): how many, when, and
 * the newest one's reason. A refusal is the worker's answer to a request it would not even start (a schema it is not
 * configured for, such as {@code pg_catalog} or a typo): it is shown and counted for alerting, but it is never a
 * target, so it adds no status line, schedule, drill or restore-all entry (targets are what is configured).
 *
 * @param requests       refusals recorded for the schema
 * @param firstRefusedAt when the catalog recorded the first one
 * @param lastRefusedAt  when the catalog recorded the newest one
 * @param lastRequestId  the newest refused request
 * @param lastReason     the worker's words for the newest one: untrusted text, at most {@link #MAX_REASON} characters
 */
public record Refusal(SchemaRef schema, long requests, Instant firstRefusedAt, Instant lastRefusedAt,
                      UUID lastRequestId, String lastReason) {

    /** How the backup-worker starts the reason of a {@code backup.failed} that answers a request it refused. */
    static final String REASON_PREFIX = "rejected: ";

    /** The longest reason kept: the text comes from the bus, so its size is ours to bound. */
    static final int MAX_REASON = 1000;

    /**
     * Whether a failure is a refusal: the worker answers a request it will not run with attempt 0, not retryable, and a
     * reason starting with {@value #REASON_PREFIX}. Anything else is a backup that was tried and failed.
     */
    static boolean isRefusal(BackupFailed failed) {
        return failed.attempt() == 0 && !failed.retryable() && failed.reason() != null
                && failed.reason().startsWith(REASON_PREFIX);
    }

    /** The reason as kept: at most {@link #MAX_REASON} characters. */
    static String bounded(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
