package com.aquastream.backup.core.crypto;

import com.google.crypto.tink.StreamingAead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Reads plaintext from a source and yields the {@link OffsiteEncryption} ciphertext of it: Tink encrypts into an
 * output stream, and an object store wants an input stream to read, so each read feeds the next chunk of plaintext to
 * Tink's encrypting stream and hands out what it wrote. Memory is a segment and a chunk; no thread, no pipe.
 */
final class TinkEncryptingInputStream extends InputStream {

    private static final int CHUNK_BYTES = 64 * 1024;

    private final InputStream source;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream(CHUNK_BYTES * 2);
    private final OutputStream encrypter;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private byte[] pending = new byte[0];
    private int pos;
    private boolean finished;

    TinkEncryptingInputStream(InputStream source, StreamingAead aead, byte[] prefix, byte[] associatedData)
            throws GeneralSecurityException, IOException {
        this.source = Objects.requireNonNull(source, "source");
        written.write(prefix);
        this.encrypter = aead.newEncryptingStream(written, associatedData);
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
        while (pos == pending.length) {
            if (finished && written.size() == 0) {
                return -1;
            }
            feed();
        }
        int k = Math.min(len, pending.length - pos);
        System.arraycopy(pending, pos, b, off, k);
        pos += k;
        return k;
    }

    /** Moves the next chunk of plaintext through Tink (all of it closed at the source's end) and takes its output. */
    private void feed() throws IOException {
        if (!finished) {
            int n = source.read(chunk);
            if (n < 0) {
                finished = true;
                encrypter.close();
            } else {
                encrypter.write(chunk, 0, n);
            }
        }
        pending = written.toByteArray();
        pos = 0;
        written.reset();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
