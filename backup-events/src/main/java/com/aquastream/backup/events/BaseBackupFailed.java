package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A base backup of a cluster ended without a stored backup, after its bounded attempts.
 *
 * @param database  the cluster's configured name
 * @param schema    always {@link WalEvent#CLUSTER_SCHEMA}
 * @param requestId the request it answers; null for a scheduled one
 * @param attempt   how many attempts were made
 * @param retryable whether the cause looks transient, so repeating the request may succeed
 * @param reason    human-readable, never contains credentials
 */
public record BaseBackupFailed(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID requestId,
        int attempt,
        boolean retryable,
        String reason) implements WalEvent {
}
