package com.aquastream.backup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads plaintext from a source and yields the {@link StreamingAead} ciphertext of it; memory is two segments. A
 * failure of the source propagates unchanged (e.g. a checksum mismatch found at the source's end), so whatever
 * consumes this stream sees it before the last segment is produced.
 */
final class EncryptingInputStream extends ChunkedInputStream {

    private final InputStream source;
    private final SegmentCipher sealer;
    private final int segmentSize;
    /** One segment plus one byte of look-ahead: a full segment is the last only if the source has nothing more. */
    private final byte[] plain;
    private final byte[] sealed;
    private int carried;
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
    protected boolean nextChunk() throws IOException {
        if (!headerSent) {
            headerSent = true;
            byte[] header = sealer.header();
            serve(header, header.length);
            return true;
        }
        if (finished) {
            return false;
        }
        int have = carried + SegmentCipher.fill(source, plain, carried, segmentSize + 1 - carried);
        boolean last = have <= segmentSize;
        serve(sealed, sealer.seal(plain, 0, last ? have : segmentSize, last, sealed));
        if (last) {
            finished = true;
        } else {
            plain[0] = plain[segmentSize];
            carried = 1;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
