package com.aquastream.backup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream that hands out chunks made one at a time: the subclass produces the next chunk in
 * {@link #nextChunk()} and offers it with {@link #serve}: the legacy decrypting stream's chunks are one segment each.
 */
abstract class ChunkedInputStream extends InputStream {

    private byte[] chunk;
    private int pos;
    private int len;

    /** Makes the next chunk and {@link #serve}s it; false at the end of the stream. */
    protected abstract boolean nextChunk() throws IOException;

    /** The next {@code length} bytes to hand out are {@code buffer[0..length)}. */
    protected final void serve(byte[] buffer, int length) {
        chunk = buffer;
        pos = 0;
        len = length;
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
            if (!nextChunk()) {
                return -1;
            }
        }
        int k = Math.min(n, len - pos);
        System.arraycopy(chunk, pos, b, off, k);
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return len - pos;
    }
}
