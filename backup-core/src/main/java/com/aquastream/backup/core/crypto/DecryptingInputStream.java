package com.aquastream.backup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads a {@link StreamingAead} ciphertext and yields its plaintext, one authenticated segment at a time; memory is
 * two segments. Any failure is a {@link DecryptionException}, and the stream keeps failing after one.
 */
final class DecryptingInputStream extends InputStream {

    private final InputStream source;
    private final Keyring keyring;
    private SegmentCipher opener;
    /** One ciphertext segment plus one byte of look-ahead: a full segment is the last only at the end of input. */
    private byte[] sealed;
    private byte[] plain;
    private int carried;
    private int pos;
    private int len;
    private boolean finished;
    private IOException failure;

    DecryptingInputStream(InputStream source, Keyring keyring) {
        this.source = Objects.requireNonNull(source, "source");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
        Objects.checkFromIndexSize(off, n, b.length);
        if (n == 0) {
            return 0;
        }
        while (pos == len) {
            if (!advance()) {
                return -1;
            }
        }
        int k = Math.min(n, len - pos);
        System.arraycopy(plain, pos, b, off, k);
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return len - pos;
    }

    /** The id of the key the stream names; reads the header if that has not happened yet. */
    String keyId() throws IOException {
        start();
        return opener.keyId();
    }

    private void start() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (opener == null) {
            try {
                opener = SegmentCipher.readHeader(source, keyring);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            sealed = new byte[opener.ciphertextSegmentSize() + 1];
            plain = new byte[opener.segmentSize()];
        }
    }

    private boolean advance() throws IOException {
        start();
        if (finished) {
            return false;
        }
        try {
            int full = opener.ciphertextSegmentSize();
            int have = carried + SegmentCipher.fill(source, sealed, carried, full + 1 - carried);
            boolean last = have <= full;
            len = opener.open(sealed, 0, last ? have : full, last, plain);
            pos = 0;
            if (last) {
                finished = true;
            } else {
                sealed[0] = sealed[full];
                carried = 1;
            }
            return true;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
