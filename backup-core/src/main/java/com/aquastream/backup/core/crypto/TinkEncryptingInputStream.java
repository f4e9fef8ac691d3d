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
final class TinkEncryptingInputStream extends ChunkedInputStream {

    private static final int CHUNK_BYTES = 64 * 1024;

    private final InputStream source;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream(CHUNK_BYTES * 2);
    private final OutputStream encrypter;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private boolean finished;

    TinkEncryptingInputStream(InputStream source, StreamingAead aead, byte[] prefix, byte[] associatedData)
            throws GeneralSecurityException, IOException {
        this.source = Objects.requireNonNull(source, "source");
        written.write(prefix);
        this.encrypter = aead.newEncryptingStream(written, associatedData);
    }

    /** Moves plaintext through Tink (all of it closed at the source's end) until it wrote something; serves that. */
    @Override
    protected boolean nextChunk() throws IOException {
        while (written.size() == 0) {
            if (finished) {
                return false;
            }
            int n = source.read(chunk);
            if (n < 0) {
                finished = true;
                encrypter.close();
            } else {
                encrypter.write(chunk, 0, n);
            }
        }
        byte[] out = written.toByteArray();
        written.reset();
        serve(out, out.length);
        return true;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
