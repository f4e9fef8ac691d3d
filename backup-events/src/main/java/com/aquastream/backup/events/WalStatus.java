package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A periodic heartbeat of one cluster's archiving, published whether or not WAL moved, so that alerting can tell a
 * quiet cluster (heartbeats, no lag) from a dead archiver (no heartbeats) or a stuck one (growing lag).
 *
 * @param database      the cluster's configured name
 * @param schema        always {@link WalEvent#CLUSTER_SCHEMA}
 * @param receiving     whether {@code pg_receivewal} is running for the cluster
 * @param serverLsn     the server's current WAL write position ({@code X/Y}); null when the server is unreachable
 * @param shippedLsn    the end of the furthest WAL stored ({@code X/Y}); null before anything was shipped
 * @param lagBytes      WAL bytes written by the server but not yet stored; null when either position is unknown
 * @param lagSeconds    how long those bytes have waited; null when either position is unknown
 * @param lastShippedAt when WAL was last stored; null before anything was shipped
 * @param reason        why it is not receiving or the server is unknown (human-readable, never contains credentials);
 *                      null when all is well
 */
public record WalStatus(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        boolean receiving,
        String serverLsn,
        String shippedLsn,
        Long lagBytes,
        Long lagSeconds,
        Instant lastShippedAt,
        String reason) implements WalEvent {
}
