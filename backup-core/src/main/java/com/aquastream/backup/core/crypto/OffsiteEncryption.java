package com.aquastream.backup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Client-side encryption of offsite copies with Google Tink's streaming AEAD (e.g. {@code AES256_GCM_HKDF_1MB}):
 * memory stays bounded by one segment however large the archive, every segment is authenticated before its plaintext
 * is released, and a truncation, reordering, appended bytes, a wrong key or another copy's ciphertext fail like a
 * flipped byte does. The keys are a Tink keyset ({@link Keyring}): its primary key encrypts, every enabled key
 * decrypts, so a rotation is a new primary key and old copies still read.
 *
 * <h2>Format, version 3 (written since the move to Tink)</h2>
 * <pre>
 *   "AQST" | version (1 byte, 1) | Tink streaming AEAD ciphertext (Tink's own header, then its segments)
 *   associated data: "AQST" | 1 | {@link StreamContext#associatedData()} (the object key and backup id)
 * </pre>
 * The five leading bytes exist only so a reader can tell a Tink copy from a legacy one ({@code "AQSE"},
 * {@link LegacyFormat}) and from plaintext before decrypting ({@link #formatOf}); they are authenticated, being part
 * of the associated data. The context is not stored: the writer supplies it and the reader supplies the one it expects,
 * so a copy moved under another object key or standing in for another backup does not decrypt.
 */
public final class OffsiteEncryption {

    /** The scheme's name as recorded beside Tink copies and in {@code backup.replicated.encryption}. */
    public static final String SCHEME = "tink-streaming-aead";
    /** How many leading bytes {@link #formatOf} needs. */
    public static final int HEAD_BYTES = 5;
    static final byte[] MAGIC = {'A', 'Q', 'S', 'T', 1};

    /** How a stored copy's bytes are written. */
    public enum Format {
        /** Tink streaming AEAD (format version 3): what is written now. */
        TINK,
        /** The home-made segmented AES-GCM format (versions 1 and 2): read only. */
        LEGACY,
        /** Neither: plaintext (or anything else). */
        PLAINTEXT
    }

    private OffsiteEncryption() {
    }

    /** The format {@code head}, the first {@link #HEAD_BYTES} bytes of a copy (fewer for a shorter one), says. */
    public static Format formatOf(byte[] head) {
        if (head != null && head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0,
                MAGIC.length)) {
            return Format.TINK;
        }
        return LegacyFormat.startsLikeIt(head) ? Format.LEGACY : Format.PLAINTEXT;
    }

    /**
     * Plaintext in, ciphertext out (pull), with the keyring's primary key, bound to {@code context}: e.g. an archive
     * read from one store and put into another under {@code context.objectKey()}. A failure of the source propagates
     * unchanged (e.g. a checksum mismatch found at its end), before the last segment is produced.
     *
     * @throws IllegalStateException when the keyring has no keyset (it cannot encrypt)
     */
    public static InputStream encrypting(InputStream plaintext, Keyring keyring, StreamContext context) {
        com.google.crypto.tink.StreamingAead aead = keyring.aead().orElseThrow(() -> new IllegalStateException(
                "the keyring has no Tink keyset (OFFSITE_ENCRYPTION_KEYSET), so it cannot encrypt"));
        try {
            return new TinkEncryptingInputStream(plaintext, aead, MAGIC, associatedData(context));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Tink's streaming AEAD cannot encrypt with this keyset", e);
        }
    }

    /**
     * Ciphertext in, verified plaintext out, for a copy in either format (told apart by its first bytes): a Tink copy
     * is decrypted with the keyring's keyset, a legacy one with the legacy key its header names. Reads throw
     * {@link DecryptionException} as soon as anything does not authenticate ({@link UnknownKeyException} when the
     * keyring lacks the keyset or the legacy key, {@link UnboundStreamException} for a legacy version-1 stream when
     * {@code acceptV1} is false); failures of the source itself propagate unchanged.
     *
     * @param expected what the copy must be a copy of
     * @param acceptV1 whether legacy version-1 streams, bound to no context, are read
     */
    public static InputStream decrypting(InputStream ciphertext, Keyring keyring, StreamContext expected,
                                         boolean acceptV1) {
        Objects.requireNonNull(expected, "expected");
        return new DispatchingInputStream(ciphertext, keyring, expected, acceptV1);
    }

    static byte[] associatedData(StreamContext context) {
        byte[] bound = Objects.requireNonNull(context, "context").associatedData();
        byte[] aad = Arrays.copyOf(MAGIC, MAGIC.length + bound.length);
        System.arraycopy(bound, 0, aad, MAGIC.length, bound.length);
        return aad;
    }

    /** Reads the first bytes on the first read, then hands every read to the decoder of the format they name. */
    private static final class DispatchingInputStream extends InputStream {

        private final PushbackInputStream source;
        private final Keyring keyring;
        private final StreamContext expected;
        private final boolean acceptV1;
        private InputStream decoder;

        DispatchingInputStream(InputStream source, Keyring keyring, StreamContext expected, boolean acceptV1) {
            this.source = new PushbackInputStream(Objects.requireNonNull(source, "source"), MAGIC.length);
            this.keyring = Objects.requireNonNull(keyring, "keyring");
            this.expected = expected;
            this.acceptV1 = acceptV1;
        }

        private InputStream decoder() throws IOException {
            if (decoder == null) {
                byte[] head = source.readNBytes(MAGIC.length);
                switch (formatOf(head)) {
                    case TINK -> decoder = new TinkDecryptingInputStream(source, keyring, expected,
                            associatedData(expected));
                    case LEGACY -> {
                        source.unread(head);
                        decoder = LegacyFormat.decrypting(source, keyring, expected, acceptV1);
                    }
                    default -> throw new DecryptionException("not an encrypted copy of this system (it starts"
                            + " neither like a Tink copy, AQST, nor like a legacy one, AQSE)");
                }
            }
            return decoder;
        }

        @Override
        public int read() throws IOException {
            return decoder().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return decoder().read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
