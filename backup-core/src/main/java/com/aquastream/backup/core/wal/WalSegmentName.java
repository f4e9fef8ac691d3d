package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.naming.Identifiers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of one WAL segment file as the server and {@code pg_receivewal} write it: 24 upper-case hex digits
 * ({@code TTTTTTTTXXXXXXXXYYYYYYYY}: timeline, then the segment number split into "log" and "segment within log"),
 * optionally followed by {@code .partial} for the segment {@code pg_receivewal} is still writing.
 *
 * <p>The LSN range a name covers depends on the cluster's segment size ({@code initdb --wal-segsize}), so a name is
 * always read together with it: with 16 MiB segments, the low part runs from {@code 00000000} to {@code 000000FF},
 * and anything above does not name a segment. Everything that is not such a name (history files, temporary files,
 * lower-case hex, paths) is refused rather than guessed at: these names become object keys.
 */
public record WalSegmentName(long timeline, long segmentNumber, long segmentBytes, boolean partial) {

    /** The suffix {@code pg_receivewal} gives the segment it is still receiving. */
    public static final String PARTIAL_SUFFIX = ".partial";

    /** The smallest and largest segment sizes {@code initdb} accepts. */
    public static final long MIN_SEGMENT_BYTES = 1L << 20;
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    private static final Pattern NAME = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})(\\.partial)?");
    private static final long LOG_BYTES = 1L << 32;

    public WalSegmentName {
        requireSegmentBytes(segmentBytes);
        if (timeline < 1 || timeline > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("timeline out of range: " + timeline);
        }
        long segmentsPerLog = LOG_BYTES / segmentBytes;
        if (segmentNumber < 0 || segmentNumber / segmentsPerLog > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("segment number out of range: " + segmentNumber);
        }
    }

    /**
     * Reads a segment file name.
     *
     * @throws IllegalArgumentException if {@code fileName} is not a (partial) segment name for {@code segmentBytes}
     */
    public static WalSegmentName parse(String fileName, long segmentBytes) {
        return tryParse(fileName, segmentBytes).orElseThrow(() -> new IllegalArgumentException(
                "not a WAL segment name for " + segmentBytes + "-byte segments: " + Identifiers.describe(fileName)));
    }

    /** {@link #parse}, or empty for anything that is not a (partial) segment name (e.g. {@code 00000002.history}). */
    public static Optional<WalSegmentName> tryParse(String fileName, long segmentBytes) {
        requireSegmentBytes(segmentBytes);
        Matcher m = fileName == null ? null : NAME.matcher(fileName);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        long timeline = Long.parseLong(m.group(1), 16);
        long log = Long.parseLong(m.group(2), 16);
        long segmentInLog = Long.parseLong(m.group(3), 16);
        long segmentsPerLog = LOG_BYTES / segmentBytes;
        if (timeline == 0 || segmentInLog >= segmentsPerLog) {
            return Optional.empty();
        }
        return Optional.of(new WalSegmentName(timeline, log * segmentsPerLog + segmentInLog, segmentBytes,
                m.group(4) != null));
    }

    /** The segment that holds {@code lsn} on {@code timeline}. */
    public static WalSegmentName containing(long timeline, Lsn lsn, long segmentBytes) {
        requireSegmentBytes(segmentBytes);
        return new WalSegmentName(timeline, Long.divideUnsigned(lsn.value(), segmentBytes), segmentBytes, false);
    }

    /** The file name, e.g. {@code 000000010000000000000003} or {@code 000000010000000000000003.partial}. */
    public String fileName() {
        long segmentsPerLog = LOG_BYTES / segmentBytes;
        return String.format("%08X%08X%08X", timeline, segmentNumber / segmentsPerLog, segmentNumber % segmentsPerLog)
                + (partial ? PARTIAL_SUFFIX : "");
    }

    /** The name of the completed segment (without {@code .partial}). */
    public WalSegmentName completed() {
        return new WalSegmentName(timeline, segmentNumber, segmentBytes, false);
    }

    /** The timeline as PostgreSQL writes it in file names: 8 upper-case hex digits. */
    public String timelineHex() {
        return String.format("%08X", timeline);
    }

    /** The first position inside this segment. */
    public Lsn startLsn() {
        return new Lsn(segmentNumber * segmentBytes);
    }

    /** The first position after this segment (exclusive end). */
    public Lsn endLsn() {
        return new Lsn((segmentNumber + 1) * segmentBytes);
    }

    @Override
    public String toString() {
        return fileName();
    }

    private static void requireSegmentBytes(long segmentBytes) {
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES
                || Long.bitCount(segmentBytes) != 1) {
            throw new IllegalArgumentException("WAL segment size must be a power of two from 1 MiB to 1 GiB: "
                    + segmentBytes);
        }
    }
}
