package com.aquastream.backup.core.redis;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the keys of each logical database in an RDB file (versions 1 to 11, Redis up to 7.2) by reading it once from
 * the start and skipping every value: the exact counts of the snapshot itself, which {@code INFO keyspace} cannot
 * give for an instance that is written to or has keys expiring. Keys whose expire time has passed are counted too:
 * they are in the file, and a server that loads it as a replica keeps them.
 *
 * <p>Anything this reader does not know (a newer RDB version, Redis 7.4's hashes with field expiry, pre-GA module or
 * function formats) is an {@link UnsupportedRdbException}, never a guess; a file that ends early is an
 * {@link EOFException}. Memory does not depend on the file's size: values are skipped, not read into memory.
 */
public final class RdbKeyCounter {

    /** Thrown for content this reader cannot skip with certainty. */
    public static final class UnsupportedRdbException extends IOException {
        public UnsupportedRdbException(String message) {
            super(message);
        }
    }

    static final int MAX_VERSION = 11;

    private static final int OPCODE_SLOT_INFO = 244;
    private static final int OPCODE_FUNCTION2 = 245;
    private static final int OPCODE_MODULE_AUX = 247;
    private static final int OPCODE_IDLE = 248;
    private static final int OPCODE_FREQ = 249;
    private static final int OPCODE_AUX = 250;
    private static final int OPCODE_RESIZEDB = 251;
    private static final int OPCODE_EXPIRETIME_MS = 252;
    private static final int OPCODE_EXPIRETIME = 253;
    private static final int OPCODE_SELECTDB = 254;
    private static final int OPCODE_EOF = 255;

    private static final int MODULE_OPCODE_EOF = 0;
    private static final int MODULE_OPCODE_SINT = 1;
    private static final int MODULE_OPCODE_UINT = 2;
    private static final int MODULE_OPCODE_FLOAT = 3;
    private static final int MODULE_OPCODE_DOUBLE = 4;
    private static final int MODULE_OPCODE_STRING = 5;

    private static final int STREAM_LISTPACKS = 15;
    private static final int STREAM_LISTPACKS_2 = 19;
    private static final int STREAM_LISTPACKS_3 = 21;

    private static final long MAX_COUNT = 1L << 40;
    private static final int BUFFER = 64 * 1024;

    private final DataInputStream in;

    private RdbKeyCounter(InputStream in) {
        // Headers are read a byte at a time: unbuffered, each would be a system call on a file.
        this.in = new DataInputStream(new BufferedInputStream(in, BUFFER));
    }

    /**
     * Reads {@code rdb} up to its EOF opcode (buffered, so perhaps beyond it) and returns the keys per logical
     * database as {@code db0 → n}; databases without keys are absent, as in {@code INFO keyspace}.
     */
    public static Map<String, Long> keysPerDatabase(InputStream rdb) throws IOException {
        return new RdbKeyCounter(rdb).countKeys();
    }

    private Map<String, Long> countKeys() throws IOException {
        int version = header();
        Map<String, Long> keys = new TreeMap<>();
        long db = 0;
        while (true) {
            int type = in.readUnsignedByte();
            switch (type) {
                case OPCODE_EOF -> {
                    return keys;
                }
                case OPCODE_SELECTDB -> db = count();
                case OPCODE_RESIZEDB -> {
                    length();
                    length();
                }
                case OPCODE_AUX -> {
                    skipString();
                    skipString();
                }
                case OPCODE_EXPIRETIME_MS -> skipFully(8);
                case OPCODE_EXPIRETIME -> skipFully(4);
                case OPCODE_FREQ -> skipFully(1);
                case OPCODE_IDLE -> length();
                case OPCODE_MODULE_AUX -> {
                    length(); // module id
                    length(); // when opcode
                    length(); // when
                    skipModuleValue();
                }
                case OPCODE_FUNCTION2 -> skipString();
                case OPCODE_SLOT_INFO -> {
                    length();
                    length();
                    length();
                }
                default -> {
                    skipString(); // the key
                    skipValue(type, version);
                    keys.merge("db" + db, 1L, Long::sum);
                }
            }
        }
    }

    private int header() throws IOException {
        byte[] magic = new byte[9];
        in.readFully(magic);
        String text = new String(magic, StandardCharsets.US_ASCII);
        if (!text.startsWith("REDIS") || !text.substring(5).chars().allMatch(Character::isDigit)) {
            throw new UnsupportedRdbException("not an RDB file (no REDIS magic)");
        }
        int version = Integer.parseInt(text.substring(5));
        if (version < 1 || version > MAX_VERSION) {
            throw new UnsupportedRdbException("RDB version " + version + " is newer than this reader knows ("
                    + MAX_VERSION + ")");
        }
        return version;
    }

    private void skipValue(int type, int version) throws IOException {
        switch (type) {
            case 0, 9, 10, 11, 12, 13, 16, 17, 20 -> skipString(); // a string, or one encoded blob
            case 1, 2, 14 -> skipStrings(count());
            case 4 -> skipStrings(2 * count());
            case 3 -> {
                for (long n = count(); n > 0; n--) {
                    skipString();
                    skipStringDouble();
                }
            }
            case 5 -> {
                for (long n = count(); n > 0; n--) {
                    skipString();
                    skipFully(8);
                }
            }
            case 18 -> {
                for (long n = count(); n > 0; n--) {
                    length(); // container
                    skipString();
                }
            }
            case 7 -> {
                length(); // module id
                skipModuleValue();
            }
            case STREAM_LISTPACKS, STREAM_LISTPACKS_2, STREAM_LISTPACKS_3 -> skipStream(type);
            default -> throw new UnsupportedRdbException("value type " + type + " in an RDB of version " + version
                    + " is not one this reader can skip");
        }
    }

    private void skipStream(int type) throws IOException {
        skipStrings(2 * count()); // listpacks: master id, listpack
        skipLengths(3); // length, last id ms and seq
        if (type >= STREAM_LISTPACKS_2) {
            skipLengths(5); // first id, max deleted id, entries added
        }
        for (long groups = count(); groups > 0; groups--) {
            skipString(); // name
            skipLengths(2); // last delivered id
            if (type >= STREAM_LISTPACKS_2) {
                length(); // entries read
            }
            for (long pending = count(); pending > 0; pending--) {
                skipFully(16 + 8); // raw id, delivery time
                length(); // delivery count
            }
            for (long consumers = count(); consumers > 0; consumers--) {
                skipString(); // name
                skipFully(type >= STREAM_LISTPACKS_3 ? 16 : 8); // seen time (and active time)
                skipFully(16 * count()); // the consumer's pending ids
            }
        }
    }

    private void skipModuleValue() throws IOException {
        while (true) {
            long opcode = length();
            switch ((int) Math.min(opcode, Integer.MAX_VALUE)) {
                case MODULE_OPCODE_EOF -> {
                    return;
                }
                case MODULE_OPCODE_SINT, MODULE_OPCODE_UINT -> length();
                case MODULE_OPCODE_FLOAT -> skipFully(4);
                case MODULE_OPCODE_DOUBLE -> skipFully(8);
                case MODULE_OPCODE_STRING -> skipString();
                default -> throw new UnsupportedRdbException("module value opcode " + opcode);
            }
        }
    }

    private void skipStrings(long n) throws IOException {
        for (; n > 0; n--) {
            skipString();
        }
    }

    private void skipLengths(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            length();
        }
    }

    /** A ZSET score of the old format: a length byte, or 253/254/255 for NaN and the infinities. */
    private void skipStringDouble() throws IOException {
        int len = in.readUnsignedByte();
        if (len < 253) {
            skipFully(len);
        }
    }

    private void skipString() throws IOException {
        int first = in.readUnsignedByte();
        if ((first & 0xC0) != 0xC0) {
            skipFully(plausible(length(first)));
            return;
        }
        switch (first & 0x3F) {
            case 0 -> skipFully(1);
            case 1 -> skipFully(2);
            case 2 -> skipFully(4);
            case 3 -> {
                long compressed = count();
                length(); // uncompressed length
                skipFully(compressed);
            }
            default -> throw new UnsupportedRdbException("string encoding " + (first & 0x3F));
        }
    }

    /** A length that counts things to skip: more than 2^40 of anything cannot be in a real snapshot. */
    private long count() throws IOException {
        return plausible(length());
    }

    private static long plausible(long n) throws UnsupportedRdbException {
        if (n < 0 || n > MAX_COUNT) {
            throw new UnsupportedRdbException("an implausible length " + Long.toUnsignedString(n));
        }
        return n;
    }

    private long length() throws IOException {
        int first = in.readUnsignedByte();
        if ((first & 0xC0) == 0xC0) {
            throw new UnsupportedRdbException("an encoded value where a length belongs");
        }
        return length(first);
    }

    private long length(int first) throws IOException {
        switch (first >> 6) {
            case 0:
                return first & 0x3F;
            case 1:
                return ((first & 0x3F) << 8) | in.readUnsignedByte();
            default:
                if (first == 0x80) {
                    return in.readInt() & 0xFFFFFFFFL;
                }
                if (first == 0x81) {
                    return in.readLong(); // unsigned 64 bits: -1 stands for "unknown" in some stream fields
                }
                throw new UnsupportedRdbException("length prefix 0x" + Integer.toHexString(first));
        }
    }

    private void skipFully(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the RDB ends inside a value");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }
}
