package com.aquastream.backup.core.wal;

import java.time.Instant;
import java.util.Objects;

/**
 * One WAL segment (or a snapshot of the partial one) that is stored, verified, and described by its sidecar: what a
 * service announces as {@code wal.archived}.
 *
 * @param segment    the segment's name ({@link WalSegmentName#partial()} for a partial snapshot)
 * @param startLsn   first position in the segment
 * @param endLsn     exclusive end of the WAL this object holds: the segment's end for a completed one, for a partial
 *                   one the position after the last non-zero byte received, rounded up to 8-byte record alignment
 *                   (the rest of the file is pre-allocated zeros; a record ending in zeros makes it a slight
 *                   underestimate)
 * @param walBytes   uncompressed size (the segment size)
 * @param sizeBytes  size of the stored, compressed object
 * @param sha256Hex  SHA-256 of the stored object, as in its sidecar
 * @param key        where it is stored
 * @param shippedAt  when it was verified in the store
 */
public record ShippedSegment(WalSegmentName segment, Lsn startLsn, Lsn endLsn, long walBytes, long sizeBytes,
                             String sha256Hex, String key, Instant shippedAt) {

    public ShippedSegment {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(startLsn, "startLsn");
        Objects.requireNonNull(endLsn, "endLsn");
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(shippedAt, "shippedAt");
    }

    /** The timeline the segment belongs to. */
    public long timeline() {
        return segment.timeline();
    }

    /** Whether this is a snapshot of the segment still being received. */
    public boolean partial() {
        return segment.partial();
    }
}
