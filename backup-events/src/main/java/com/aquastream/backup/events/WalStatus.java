package com.aquastream.backup.events;

import java.time.Instant;
import java.util.List;
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
 * @param missingSegments (optional, added with the chain check) the first (at most 100) WAL segments missing from
 *                      the archive's chain, between the start of the oldest base backup kept and the newest segment
 *                      of each timeline, oldest first: a point-in-time recovery cannot replay past the first one.
 *                      Empty when the chain is whole; absent (null) before the archiver checked it
 * @param recoverableFrom (optional, added in v1.3) the {@code finishedAt} of the oldest base backup the store still
 *                      holds for the cluster: the earliest moment a point-in-time recovery can reach. Retention
 *                      deletes base backups that left the window without another event, so a base backup that
 *                      finished before it is gone. Null when the store holds none, or before the archiver listed them
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
        String reason,
        List<String> missingSegments,
        Instant recoverableFrom) implements WalEvent {

    public WalStatus {
        missingSegments = missingSegments == null ? null : List.copyOf(missingSegments);
    }

    /** The event without {@code recoverableFrom}: the store's base backups were not listed. */
    public WalStatus(UUID eventId, Instant occurredAt, String database, String schema, boolean receiving,
                     String serverLsn, String shippedLsn, Long lagBytes, Long lagSeconds, Instant lastShippedAt,
                     String reason, List<String> missingSegments) {
        this(eventId, occurredAt, database, schema, receiving, serverLsn, shippedLsn, lagBytes, lagSeconds,
                lastShippedAt, reason, missingSegments, null);
    }

    /** The v1.3 event: the chain was not checked. */
    public WalStatus(UUID eventId, Instant occurredAt, String database, String schema, boolean receiving,
                     String serverLsn, String shippedLsn, Long lagBytes, Long lagSeconds, Instant lastShippedAt,
                     String reason) {
        this(eventId, occurredAt, database, schema, receiving, serverLsn, shippedLsn, lagBytes, lagSeconds,
                lastShippedAt, reason, null, null);
    }
}
