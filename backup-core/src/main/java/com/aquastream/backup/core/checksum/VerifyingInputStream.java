package com.aquastream.backup.core.checksum;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Passes bytes through and, at their end, throws {@link ChecksumMismatchException} unless their SHA-256 is the
 * expected one. Fed to {@code ObjectStore.put}, a corrupted source therefore fails the put before anything is
 * visible under the target key: a verified copy is never announced for bytes that were not verified.
 */
public final class VerifyingInputStream extends FilterInputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private final String expected;
    private final String what;
    private boolean verified;

    public VerifyingInputStream(InputStream in, String expectedSha256Hex, String what) {
        super(in);
        this.expected = expectedSha256Hex.toLowerCase(Locale.ROOT);
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verifyAtEnd();
        } else {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verifyAtEnd();
        } else {
            digest.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be digested too, so read them.
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 0))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
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

    private void verifyAtEnd() throws IOException {
        if (verified) {
            return;
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        verified = true;
        if (!actual.equals(expected)) {
            throw new ChecksumMismatchException(what, expected, actual);
        }
    }
}
