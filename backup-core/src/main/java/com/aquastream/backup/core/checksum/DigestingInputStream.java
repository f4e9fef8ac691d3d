package com.aquastream.backup.core.checksum;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while computing their SHA-256 and counting them, so a checksum is produced while streaming
 * (DESIGN.md invariant 4) instead of by a second read.
 *
 * <p>{@code mark}/{@code reset} and {@code skip} would make the digest disagree with what the consumer saw, so mark is
 * unsupported and skip reads (and digests) the skipped bytes.
 */
public final class DigestingInputStream extends FilterInputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private long bytesRead;
    private String hex;

    public DigestingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            bytesRead++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            bytesRead += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // unsupported: see class comment
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Number of bytes passed through so far. */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Lower-case hex SHA-256 of all bytes read. Call after EOF: the first call finishes the digest, and later reads
     * are no longer counted into it.
     */
    public String sha256Hex() {
        if (hex == null) {
            hex = Sha256.hex(digest.digest());
        }
        return hex;
    }
}
