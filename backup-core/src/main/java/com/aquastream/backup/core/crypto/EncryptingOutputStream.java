package com.aquastream.backup.core.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Takes plaintext and writes the {@link StreamingAead} ciphertext of it to a sink; memory is two segments. A full
 * segment is sealed only once more plaintext arrives (so it is known not to be the last); {@link #close()} seals the
 * last one and closes the sink.
 */
final class EncryptingOutputStream extends OutputStream {

    private final OutputStream sink;
    private final SegmentCipher sealer;
    private final byte[] plain;
    private final byte[] sealed;
    private int buffered;
    private boolean headerWritten;
    private boolean closed;

    EncryptingOutputStream(OutputStream sink, SegmentCipher sealer) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.sealer = sealer;
        this.plain = new byte[sealer.segmentSize()];
        this.sealed = new byte[sealer.ciphertextSegmentSize()];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        while (len > 0) {
            if (buffered == plain.length) {
                writeSegment(false);
            }
            int n = Math.min(len, plain.length - buffered);
            System.arraycopy(b, off, plain, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    /** Flushes the sink; a partial segment stays buffered (sealing it early would make it the last). */
    @Override
    public void flush() throws IOException {
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream s = sink) {
            writeSegment(true);
        }
    }

    private void writeSegment(boolean last) throws IOException {
        if (!headerWritten) {
            sink.write(sealer.header());
            headerWritten = true;
        }
        int n = sealer.seal(plain, 0, buffered, last, sealed);
        sink.write(sealed, 0, n);
        buffered = 0;
    }
}
