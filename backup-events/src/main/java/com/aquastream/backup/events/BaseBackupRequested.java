package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A request to take a base backup ({@code pg_basebackup}) of a whole cluster, the starting point of a point-in-time
 * recovery with the archived WAL. Anyone allowed to may publish it (operators, the archiver's own schedule).
 *
 * @param database    the cluster's configured name
 * @param schema      always {@link WalEvent#CLUSTER_SCHEMA}
 * @param requestId   correlates the answer ({@code basebackup.completed} / {@code basebackup.failed})
 * @param trigger     why it was requested
 * @param requestedBy who asked (e.g. {@code cli:alice}); free text, never contains credentials
 */
public record BaseBackupRequested(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        UUID requestId,
        Trigger trigger,
        String requestedBy) implements WalEvent {
}
