package com.aquastream.backup.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A WAL segment of a cluster (or a snapshot of the one still being received) is stored and verified: the object and
 * its {@code .sha256} sidecar exist, and the object decompresses to the received bytes.
 *
 * @param database    the cluster's configured name
 * @param schema      always {@link WalEvent#CLUSTER_SCHEMA}
 * @param timeline    the PostgreSQL timeline the segment belongs to
 * @param segment     the segment's name, 24 upper-case hex digits (e.g. {@code 000000010000000000000003})
 * @param partial     whether this is a snapshot of the segment still being received (replaced by the next snapshot,
 *                    and by the completed segment once it is shipped)
 * @param startLsn    first WAL position in the segment, as PostgreSQL prints it ({@code X/Y})
 * @param endLsn      exclusive end of the WAL the object holds ({@code X/Y}): the segment's end, or for a partial
 *                    snapshot where the received WAL ends
 * @param key         the object's key in the store ({@code wal/{cluster}/{timeline}/{segment}[.partial]{.gz|.zst}})
 * @param store       which object store holds it ({@code filesystem} or {@code s3})
 * @param sizeBytes   length of the stored, compressed object
 * @param walBytes    uncompressed length (the cluster's WAL segment size)
 * @param sha256      hex SHA-256 of the stored bytes, as in the sidecar
 * @param compression {@code gzip} or {@code zstd}
 */
public record WalArchived(
        UUID eventId,
        Instant occurredAt,
        String database,
        String schema,
        long timeline,
        String segment,
        boolean partial,
        String startLsn,
        String endLsn,
        String key,
        String store,
        long sizeBytes,
        long walBytes,
        String sha256,
        String compression) implements WalEvent {
}
