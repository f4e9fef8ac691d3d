package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A backup request ended without a stored backup.
 *
 * @param attempt   how many attempts were made
 * @param retryable whether the cause looks transient, so repeating the request may succeed
 * @param reason    human-readable, never contains credentials
 */
public record BackupFailed(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID requestId,
        int attempt,
        boolean retryable,
        String reason) implements BackupEvent {
}
