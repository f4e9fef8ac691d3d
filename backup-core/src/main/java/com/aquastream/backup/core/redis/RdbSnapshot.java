package com.aquastream.backup.core.redis;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consistent point-in-time RDB snapshot of a Redis instance, taken remotely with the replication protocol as
 * {@code redis-cli --rdb} does: the master forks, writes the snapshot (waiting for a BGSAVE already in progress
 * instead of failing) and sends it as one bulk; {@link #stream()} yields exactly the RDB's bytes.
 *
 * <p>The stream ends cleanly only after the last byte of the snapshot arrived; a connection lost earlier makes
 * {@code read} throw, so a truncated snapshot can never look complete. Memory does not depend on the snapshot's size.
 * Closing (or {@link #abort()} from another thread) drops the connection.
 */
public final class RdbSnapshot implements AutoCloseable {

    /** Length of the end mark of a diskless transfer ({@code $EOF:<mark>}). */
    static final int EOF_MARK_LENGTH = 40;

    private final RedisConnection connection;
    private final InputStream stream;
    private final long length;

    private RdbSnapshot(RedisConnection connection, InputStream stream, long length) {
        this.connection = connection;
        this.stream = stream;
        this.length = length;
    }

    /**
     * Connects, authenticates and asks for a full sync; returns once the master starts sending the snapshot (it may
     * first finish a BGSAVE in progress: the wait is bounded only by {@code syncTimeoutMillis} of silence).
     *
     * @throws RedisCommandException when Redis refuses (authentication, a replica that cannot serve a sync)
     * @throws IOException           when Redis is unreachable or the connection breaks
     */
    public static RdbSnapshot open(RedisEndpoint endpoint) throws IOException {
        RedisConnection c = RedisConnection.open(endpoint);
        try {
            // rdb-only (Redis 7+): the master ends the link after the snapshot instead of streaming commands after
            // it. Older servers answer an error, which changes nothing for a reader that stops after the RDB.
            try {
                c.command("REPLCONF", "rdb-only", "1");
            } catch (RedisCommandException e) {
                if (e.isAuthenticationFailure()) {
                    throw e;
                }
            }
            // SYNC rather than PSYNC: without "capa eof" the master sends a length-prefixed bulk from a disk BGSAVE,
            // and attaches to (or waits for) one already running.
            c.send("SYNC");
            return new RdbSnapshot(c, null, 0).readPreamble();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private RdbSnapshot readPreamble() throws IOException {
        InputStream in = connection.input();
        while (true) {
            String line = connection.readLine();
            if (line.isEmpty()) {
                continue; // keep-alive newlines while the master's BGSAVE runs
            }
            char type = line.charAt(0);
            if (type == '-') {
                throw new RedisCommandException(line.substring(1));
            }
            if (type == '+') {
                continue; // +FULLRESYNC <replid> <offset> (PSYNC-style masters), +CONTINUE: nothing to keep
            }
            if (type != '$') {
                throw new IOException("unexpected reply to SYNC: " + abbreviate(line));
            }
            if (line.startsWith("$EOF:")) {
                byte[] mark = line.substring(5).getBytes(StandardCharsets.US_ASCII);
                if (mark.length != EOF_MARK_LENGTH) {
                    throw new IOException("malformed end mark in reply to SYNC");
                }
                return new RdbSnapshot(connection, new EofMarkedInputStream(in, mark), -1);
            }
            long length;
            try {
                length = Long.parseLong(line.substring(1));
            } catch (NumberFormatException e) {
                throw new IOException("malformed bulk header in reply to SYNC: " + abbreviate(line), e);
            }
            if (length < 0) {
                throw new IOException("negative RDB length in reply to SYNC");
            }
            return new RdbSnapshot(connection, new ExactLengthInputStream(in, length), length);
        }
    }

    /** The snapshot's bytes (an RDB file: {@code REDIS0010...}). */
    public InputStream stream() {
        return stream;
    }

    /** The snapshot's length announced by the master, or -1 for a diskless transfer ended by a mark. */
    public long length() {
        return length;
    }

    /** Drops the connection; a reader blocked in {@link #stream()} fails at once. Safe from any thread. */
    public void abort() {
        connection.close();
    }

    @Override
    public void close() {
        connection.close();
    }

    /**
     * Keys per logical database from {@code INFO keyspace}: {@code db0:keys=42,expires=0,...} → {@code db0 → 42},
     * sorted by name. Databases without keys are not listed by Redis and are absent here.
     */
    public static Map<String, Long> keysPerDatabase(Map<String, String> keyspace) {
        Map<String, Long> counts = new TreeMap<>();
        keyspace.forEach((db, value) -> {
            if (db.matches("db\\d+")) {
                for (String field : value.split(",")) {
                    if (field.startsWith("keys=")) {
                        counts.put(db, Long.parseLong(field.substring(5)));
                    }
                }
            }
        });
        return counts;
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }

    /** Exactly {@code remaining} bytes, then EOF; an early end of the connection is an error, not EOF. */
    static final class ExactLengthInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        ExactLengthInputStream(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n == -1) {
                throw new EOFException("Redis closed the connection with " + remaining + " bytes of the RDB missing");
            }
            remaining -= n;
            return n;
        }
    }

    /**
     * A diskless transfer: the bytes up to a 40-byte end mark, which is not part of the RDB. The last 40 bytes read
     * are held back until more arrive, since they may be the mark.
     */
    static final class EofMarkedInputStream extends InputStream {
        private final InputStream in;
        private final byte[] mark;
        private final byte[] buffer = new byte[64 * 1024 + EOF_MARK_LENGTH];
        private int filled;    // bytes in buffer
        private int released;  // bytes of buffer already handed out
        private boolean ended;

        EofMarkedInputStream(InputStream in, byte[] mark) {
            this.in = in;
            this.mark = mark.clone();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (available() == 0) {
                if (ended) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(len, available());
            System.arraycopy(buffer, released, b, off, n);
            released += n;
            return n;
        }

        /** Bytes that are certainly RDB: everything but a tail that could still be (part of) the mark. */
        @Override
        public int available() {
            return ended ? filled - released : Math.max(0, filled - EOF_MARK_LENGTH - released);
        }

        private void fill() throws IOException {
            // Keep the unreleased bytes (at most the held-back tail plus what the caller did not take yet).
            System.arraycopy(buffer, released, buffer, 0, filled - released);
            filled -= released;
            released = 0;
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n == -1) {
                throw new EOFException("Redis closed the connection before the end of the RDB");
            }
            filled += n;
            if (filled >= EOF_MARK_LENGTH
                    && Arrays.equals(buffer, filled - EOF_MARK_LENGTH, filled, mark, 0, EOF_MARK_LENGTH)) {
                filled -= EOF_MARK_LENGTH;
                ended = true;
            }
        }
    }
}
