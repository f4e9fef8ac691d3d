package com.aquastream.backup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads a {@link LegacyFormat} ciphertext and yields its plaintext, one authenticated segment at a time; memory is
 * two segments. Any failure is a {@link DecryptionException}, and the stream keeps failing after one.
 */
final class DecryptingInputStream extends ChunkedInputStream {

    private final InputStream source;
    private final Keyring keyring;
    private final StreamContext expected;
    private final boolean acceptV1;
    private SegmentCipher opener;
    /** One ciphertext segment plus one byte of look-ahead: a full segment is the last only at the end of input. */
    private byte[] sealed;
    private byte[] plain;
    private int carried;
    private boolean finished;
    private IOException failure;

    DecryptingInputStream(InputStream source, Keyring keyring, StreamContext expected, boolean acceptV1) {
        this.source = Objects.requireNonNull(source, "source");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.expected = expected;
        this.acceptV1 = acceptV1;
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
                opener = SegmentCipher.readHeader(source, keyring, expected, acceptV1);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            sealed = new byte[opener.ciphertextSegmentSize() + 1];
            plain = new byte[opener.segmentSize()];
        }
    }

    @Override
    protected boolean nextChunk() throws IOException {
        start();
        if (finished) {
            return false;
        }
        try {
            int full = opener.ciphertextSegmentSize();
            int have = carried + SegmentCipher.fill(source, sealed, carried, full + 1 - carried);
            boolean last = have <= full;
            serve(plain, opener.open(sealed, 0, last ? have : full, last, plain));
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
