package com.aquastream.backup.core.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * Client-side streaming encryption with AES-256-GCM, in a segmented format (the design of Tink's streaming AEAD), so
 * memory stays bounded by one segment however large the archive: the JDK's GCM cipher buffers a whole message on
 * decryption, and a single GCM message could not be checked before all of it was read.
 *
 * <h2>Format, version 1</h2>
 * <pre>
 *   header:  "AQSE" | version (1 byte, 1) | segment size (4 bytes, big-endian, plaintext bytes per full segment)
 *            | key id length n (1 byte) | key id (n ASCII bytes) | salt (16 random bytes) | nonce prefix (8 random bytes)
 *   then:    segment 0, segment 1, ..., segment k (the last one)
 *   segment: AES-256-GCM(stream key, nonce = nonce prefix | segment index (4 bytes, big-endian),
 *                        aad = header | last-segment flag (1 byte)) of its plaintext, followed by the 16-byte tag
 * </pre>
 * Every segment but the last holds exactly the segment size of plaintext; the last holds 0 to segment-size bytes
 * (an empty stream is a header and one empty last segment). The stream key is HKDF-SHA256 of the master key with
 * the header's salt, so no two streams share a key even under the same master key.
 *
 * <p>What that buys: a flipped byte anywhere fails the tag of its segment (or, in the header, of every segment);
 * reordered segments fail because the index is in the nonce; a truncation at a segment boundary fails because the
 * new last segment was sealed as "not last"; appended bytes fail for the same reason; a wrong key fails the first
 * segment. Decryption releases a segment's plaintext only after its tag verified, and throws
 * {@link DecryptionException} otherwise — never wrong bytes.
 */
public final class StreamingAead {

    /** The scheme's name as recorded beside encrypted copies and in {@code backup.replicated.encryption}. */
    public static final String SCHEME = "aes-256-gcm-segmented-v1";
    /** 1 MiB of plaintext per segment: 16 bytes (0.0015 %) of overhead per segment, bounded memory. */
    public static final int DEFAULT_SEGMENT_SIZE = 1 << 20;
    static final int MIN_SEGMENT_SIZE = 16;
    /** A header claiming more is refused, so a crafted stream cannot make a reader allocate without bound. */
    static final int MAX_SEGMENT_SIZE = 16 << 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamingAead() {
    }

    /** Plaintext in, ciphertext out (pull): e.g. an archive read from one store and put into another. */
    public static InputStream encrypting(InputStream plaintext, EncryptionKey key) {
        return encrypting(plaintext, key, DEFAULT_SEGMENT_SIZE);
    }

    /** As {@link #encrypting(InputStream, EncryptionKey)} with a chosen segment size (tests, tuning). */
    public static InputStream encrypting(InputStream plaintext, EncryptionKey key, int segmentSize) {
        return new EncryptingInputStream(plaintext, newSealer(key, segmentSize));
    }

    /**
     * Plaintext written, ciphertext to {@code sink} (push). {@code close()} writes the last segment and closes the
     * sink; a stream that is never closed is not a valid ciphertext (and will fail to decrypt).
     */
    public static OutputStream encrypting(OutputStream sink, EncryptionKey key) {
        return encrypting(sink, key, DEFAULT_SEGMENT_SIZE);
    }

    public static OutputStream encrypting(OutputStream sink, EncryptionKey key, int segmentSize) {
        return new EncryptingOutputStream(sink, newSealer(key, segmentSize));
    }

    /**
     * Ciphertext in, verified plaintext out; the key is the keyring's key with the id in the stream's header. Reads
     * throw {@link DecryptionException} ({@link UnknownKeyException} for a key id the keyring lacks) as soon as
     * anything does not authenticate.
     */
    public static InputStream decrypting(InputStream ciphertext, Keyring keyring) {
        return new DecryptingInputStream(ciphertext, keyring);
    }

    /** Whether {@code head} (the first bytes of an object) starts like a stream of this format. */
    public static boolean looksEncrypted(byte[] head) {
        return SegmentCipher.startsWithMagic(head);
    }

    private static SegmentCipher newSealer(EncryptionKey key, int segmentSize) {
        byte[] salt = new byte[SegmentCipher.SALT_BYTES];
        byte[] prefix = new byte[SegmentCipher.NONCE_PREFIX_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(prefix);
        return SegmentCipher.forEncryption(key, segmentSize, salt, prefix);
    }
}
