package com.aquastream.backup.catalog.clusters;

import com.aquastream.backup.events.WalArchived;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the catalog keeps of one timeline of a cluster's WAL archive: a summary, not an inventory (the store is that).
 * The first and last completed segment, how many segments it counted, how far the completed segments reach, when WAL
 * was first and last stored, and the newest partial snapshot (the segment still being received) if it reaches beyond
 * the completed ones. Folding the same {@code wal.archived} in twice changes nothing.
 *
 * <p>Segments are counted when they extend the range ({@code before first} or {@code after last}); a segment inside
 * the range is a redelivery or fills a gap. Segment names of one timeline are fixed-width upper-case hex, so their
 * string order is their WAL order.
 *
 * @param segments          completed segments counted
 * @param lastArchivedAt    newest {@code occurredAt} of a completed segment or a partial snapshot: about the latest
 *                          moment a recovery can reach
 * @param partialSegment    the newest partial snapshot's segment, null when none reaches past the completed ones
 */
public record WalTimeline(
        String cluster,
        long timeline,
        String firstSegment,
        String lastSegment,
        long segments,
        String lastSegmentEndLsn,
        Instant firstArchivedAt,
        Instant lastArchivedAt,
        String partialSegment,
        String partialEndLsn,
        Instant partialArchivedAt) {

    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");

    public WalTimeline {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(firstArchivedAt, "firstArchivedAt");
        Objects.requireNonNull(lastArchivedAt, "lastArchivedAt");
    }

    /** The timeline as it is first heard of. */
    static WalTimeline startedBy(WalArchived e) {
        requireValid(e);
        WalTimeline empty = new WalTimeline(e.database(), e.timeline(), null, null, 0, null, e.occurredAt(),
                e.occurredAt(), null, null, null);
        return empty.with(e);
    }

    /** This timeline with one more archived object; {@code this} when the event adds nothing. */
    WalTimeline with(WalArchived e) {
        requireValid(e);
        if (e.timeline() != timeline || !e.database().equals(cluster)) {
            throw new IllegalArgumentException("segment " + e.segment() + " of " + e.database() + " timeline "
                    + e.timeline() + " folded into " + cluster + " timeline " + timeline);
        }
        Instant first = e.occurredAt().isBefore(firstArchivedAt) ? e.occurredAt() : firstArchivedAt;
        Instant last = e.occurredAt().isAfter(lastArchivedAt) ? e.occurredAt() : lastArchivedAt;
        return e.partial() ? withPartial(e, first, last) : withSegment(e, first, last);
    }

    private WalTimeline withSegment(WalArchived e, Instant first, Instant last) {
        String segment = e.segment();
        boolean extends_ = firstSegment == null || segment.compareTo(firstSegment) < 0
                || segment.compareTo(lastSegment) > 0;
        String newFirst = firstSegment == null || segment.compareTo(firstSegment) < 0 ? segment : firstSegment;
        String newLast = lastSegment == null || segment.compareTo(lastSegment) > 0 ? segment : lastSegment;
        // A completed segment replaces every snapshot of itself and of the segments before it.
        boolean partialSuperseded = partialSegment != null && partialSegment.compareTo(newLast) <= 0;
        return new WalTimeline(cluster, timeline, newFirst, newLast, segments + (extends_ ? 1 : 0),
                Lsn.later(lastSegmentEndLsn, e.endLsn()), first, last,
                partialSuperseded ? null : partialSegment, partialSuperseded ? null : partialEndLsn,
                partialSuperseded ? null : partialArchivedAt);
    }

    private WalTimeline withPartial(WalArchived e, Instant first, Instant last) {
        boolean stale = (lastSegment != null && e.segment().compareTo(lastSegment) <= 0)
                || (partialEndLsn != null && Lsn.parse("endLsn", e.endLsn())
                        .compareTo(Lsn.parse("endLsn", partialEndLsn)) <= 0);
        if (stale) {
            return new WalTimeline(cluster, timeline, firstSegment, lastSegment, segments, lastSegmentEndLsn, first,
                    last, partialSegment, partialEndLsn, partialArchivedAt);
        }
        return new WalTimeline(cluster, timeline, firstSegment, lastSegment, segments, lastSegmentEndLsn, first, last,
                e.segment(), Lsn.parse("endLsn", e.endLsn()).toString(), e.occurredAt());
    }

    /** How far this timeline's archived WAL reaches, completed segments and the newest partial snapshot. */
    public String archivedEndLsn() {
        return Lsn.later(lastSegmentEndLsn, partialEndLsn);
    }

    private static void requireValid(WalArchived e) {
        Objects.requireNonNull(e.occurredAt(), "occurredAt");
        if (e.segment() == null || !SEGMENT.matcher(e.segment()).matches()) {
            throw new IllegalArgumentException("segment is not 24 upper-case hex digits: " + e.segment());
        }
        if (e.timeline() < 1) {
            throw new IllegalArgumentException("timeline must be positive, was " + e.timeline());
        }
        Lsn.parse("startLsn", e.startLsn());
        Lsn.parse("endLsn", e.endLsn());
    }
}
