package com.aquastream.backup.core.crypto;

import com.google.crypto.tink.StreamingAead;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Yields the verified plaintext of a Tink copy (the stream after its {@code AQST} prefix), trying every enabled key
 * of the keyset (Tink's keyset decryption). Tink reports any failure as an {@link IOException}: this stream tells a
 * failure of the source itself (passed on unchanged, e.g. a lost connection) from one of the ciphertext (a
 * {@link DecryptionException}), and keeps failing after one.
 */
final class TinkDecryptingInputStream extends InputStream {

    private final WatchedSource source;
    private final Keyring keyring;
    private final StreamContext expected;
    private final byte[] associatedData;
    private InputStream plaintext;
    private IOException failure;

    TinkDecryptingInputStream(InputStream source, Keyring keyring, StreamContext expected, byte[] associatedData) {
        this.source = new WatchedSource(Objects.requireNonNull(source, "source"));
        this.keyring = keyring;
        this.expected = expected;
        this.associatedData = associatedData;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            return plaintext().read(b, off, len);
        } catch (IOException e) {
            failure = e instanceof DecryptionException ours ? ours
                    : source.failure != null ? source.failure : authenticationFailure(e);
            throw failure;
        }
    }

    private InputStream plaintext() throws IOException {
        if (plaintext == null) {
            StreamingAead aead = keyring.aead().orElseThrow(() -> UnknownKeyException.noKeyset(keyring.ids()));
            try {
                plaintext = aead.newDecryptingStream(source, associatedData);
            } catch (GeneralSecurityException e) {
                throw authenticationFailure(e);
            }
        }
        return plaintext;
    }

    private DecryptionException authenticationFailure(Exception cause) {
        return new DecryptionException("the encrypted copy (Tink streaming AEAD) failed authentication: it was"
                + " altered, truncated or reordered, no key of the keyring " + keyring.ids() + " is the one it was"
                + " encrypted with, or it is not the copy of " + expected + " (e.g. another copy moved under this key)",
                cause);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Remembers the source's own failure, so it is not mistaken for the ciphertext's. */
    private static final class WatchedSource extends FilterInputStream {

        private IOException failure;

        WatchedSource(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
