package com.aquastream.backup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads plaintext from a source and yields the {@link StreamingAead} ciphertext of it; memory is two segments. A
 * failure of the source propagates unchanged (e.g. a checksum mismatch found at the source's end), so whatever
 * consumes this stream sees it before the last segment is produced.
 */
final class EncryptingInputStream extends InputStream {

    private final InputStream source;
    private final SegmentCipher sealer;
    private final int segmentSize;
    /** One segment plus one byte of look-ahead: a full segment is the last only if the source has nothing more. */
    private final byte[] plain;
    private final byte[] sealed;
    private int carried;
    private byte[] out;
    private int outPos;
    private int outLen;
    private boolean headerSent;
    private boolean finished;

    EncryptingInputStream(InputStream source, SegmentCipher sealer) {
        this.source = Objects.requireNonNull(source, "source");
        this.sealer = sealer;
        this.segmentSize = sealer.segmentSize();
        this.plain = new byte[segmentSize + 1];
        this.sealed = new byte[sealer.ciphertextSegmentSize()];
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (outPos == outLen) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    @Override
    public int available() {
        return outLen - outPos;
    }

    private boolean advance() throws IOException {
        if (!headerSent) {
            headerSent = true;
            out = sealer.header();
        } else if (finished) {
            return false;
        } else {
            int have = carried + SegmentCipher.fill(source, plain, carried, segmentSize + 1 - carried);
            boolean last = have <= segmentSize;
            outLen = sealer.seal(plain, 0, last ? have : segmentSize, last, sealed);
            out = sealed;
            outPos = 0;
            if (last) {
                finished = true;
            } else {
                plain[0] = plain[segmentSize];
                carried = 1;
            }
            return true;
        }
        outPos = 0;
        outLen = out.length;
        return true;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
