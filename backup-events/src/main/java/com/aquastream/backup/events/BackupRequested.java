package com.aquastream.backup.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A request to back up one schema (or Redis instance). Anyone may publish it.
 *
 * @param requestId    deterministic for scheduled requests ({@code database.schema@slot}), so duplicates are harmless
 * @param tiers        the tiers the resulting dump is stored under
 * @param scheduledFor the slot the request belongs to; it names the objects (their date), so redelivery names them the same
 */
public record BackupRequested(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID requestId,
        List<Tier> tiers,
        Trigger trigger,
        String requestedBy,
        Instant scheduledFor) implements BackupEvent {
}
