package com.aquastream.backup.catalog.clusters;

import java.util.regex.Pattern;

/**
 * A WAL position as PostgreSQL prints it ({@code X/Y}, two hex numbers of up to 32 bits): comparable, so the catalog
 * can tell which of two archived objects reaches further.
 */
record Lsn(long value) implements Comparable<Lsn> {

    private static final Pattern FORMAT = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    /** @throws IllegalArgumentException when {@code text} is not an LSN */
    static Lsn parse(String what, String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException(what + " is not a WAL position (X/Y in hex): " + text);
        }
        int slash = text.indexOf('/');
        return new Lsn(Long.parseLong(text.substring(0, slash), 16) << 32
                | Long.parseLong(text.substring(slash + 1), 16));
    }

    /** The later of two positions, either may be null, as PostgreSQL prints it. */
    static String later(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? null : parse("lsn", b).toString()) : parse("lsn", a).toString();
        }
        Lsn x = parse("lsn", a);
        Lsn y = parse("lsn", b);
        return (x.compareTo(y) >= 0 ? x : y).toString();
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
