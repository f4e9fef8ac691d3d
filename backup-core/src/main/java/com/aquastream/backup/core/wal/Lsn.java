package com.aquastream.backup.core.wal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL write-ahead log position (an unsigned 64-bit byte offset into the WAL stream), written the way the
 * server writes {@code pg_lsn}: {@code "16/B374D848"} (upper half and lower half in hex).
 */
public record Lsn(long value) implements Comparable<Lsn> {

    private static final Pattern TEXT = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

    /**
     * Parses the server's text form.
     *
     * @throws IllegalArgumentException if {@code text} is not {@code hex/hex} with at most 8 digits on each side
     */
    public static Lsn parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        return new Lsn(Long.parseLong(m.group(1), 16) << 32 | Long.parseLong(m.group(2), 16));
    }

    /** Bytes from {@code earlier} to this position; negative if {@code earlier} lies ahead. */
    public long minus(Lsn earlier) {
        return value - earlier.value;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return String.format("%X/%X", value >>> 32, value & 0xFFFFFFFFL);
    }
}
