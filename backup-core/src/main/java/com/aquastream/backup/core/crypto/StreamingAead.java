package com.aquastream.backup.core.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * Client-side streaming encryption with AES-256-GCM, in a segmented format (the design of Tink's streaming AEAD), so
 * memory stays bounded by one segment however large the archive: the JDK's GCM cipher buffers a whole message on
 * decryption, and a single GCM message could not be checked before all of it was read.
 *
 * <h2>Format, version 2 (written since issue 14)</h2>
 * <pre>
 *   header:  "AQSE" | version (1 byte, 2) | segment size (4 bytes, big-endian, plaintext bytes per full segment)
 *            | key id length n (1 byte) | key id (n ASCII bytes) | salt (16 random bytes) | nonce prefix (8 random bytes)
 *   then:    segment 0, segment 1, ..., segment k (the last one)
 *   segment: AES-256-GCM(stream key, nonce = nonce prefix | segment index (4 bytes, big-endian),
 *                        aad = header | context digest (32 bytes) | last-segment flag (1 byte)) of its plaintext,
 *            followed by the 16-byte tag
 *   context digest: SHA-256("aquastream stream context v2" | len(object key) | object key | len(backup id) | backup id),
 *            lengths 4 bytes big-endian, strings UTF-8 ({@link StreamContext})
 * </pre>
 * Every segment but the last holds exactly the segment size of plaintext; the last holds 0 to segment-size bytes
 * (an empty stream is a header and one empty last segment). The stream key is HKDF-SHA256 of the master key with
 * the header's salt (info {@code "aquastream segmented aead v1"}, unchanged), so no two streams share a key even
 * under the same master key. The context is not stored in the stream: the writer supplies it, and the reader supplies
 * the one it expects (the key it reads, the backup id of the record it trusts), so a stream copied under another
 * object key or standing in for another backup fails every segment, exactly like a wrong key.
 *
 * <p><b>Version 1</b> ({@link #SCHEME_V1}) is the same without the context digest in the additional data: it proves
 * only that the stream is intact and was written with the key, not which copy it is. It is still read, but only by a
 * reader that asks for it ({@code acceptV1}); otherwise it is an {@link UnboundStreamException}. The version byte is
 * part of the authenticated header, so a version-2 stream cannot be passed off as version 1.
 *
 * <p>What that buys: a flipped byte anywhere fails the tag of its segment (or, in the header, of every segment);
 * reordered segments fail because the index is in the nonce; a truncation at a segment boundary fails because the
 * new last segment was sealed as "not last"; appended bytes fail for the same reason; a wrong key or another
 * context fails the first segment. Decryption releases a segment's plaintext only after its tag verified, and throws
 * {@link DecryptionException} otherwise — never wrong bytes.
 */
public final class StreamingAead {

    /** The scheme's name as recorded beside encrypted copies and in {@code backup.replicated.encryption}. */
    public static final String SCHEME = "aes-256-gcm-segmented-v2";
    /** Version 1, bound to no context: what copies written before version 2 record. */
    public static final String SCHEME_V1 = "aes-256-gcm-segmented-v1";
    /** 1 MiB of plaintext per segment: 16 bytes (0.0015 %) of overhead per segment, bounded memory. */
    public static final int DEFAULT_SEGMENT_SIZE = 1 << 20;
    static final int MIN_SEGMENT_SIZE = 16;
    /** A header claiming more is refused, so a crafted stream cannot make a reader allocate without bound. */
    static final int MAX_SEGMENT_SIZE = 16 << 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamingAead() {
    }

    /**
     * Plaintext in, ciphertext out (pull), bound to {@code context}: e.g. an archive read from one store and put into
     * another under {@code context.objectKey()}.
     */
    public static InputStream encrypting(InputStream plaintext, EncryptionKey key, StreamContext context) {
        return encrypting(plaintext, key, context, DEFAULT_SEGMENT_SIZE);
    }

    /** As {@link #encrypting(InputStream, EncryptionKey, StreamContext)} with a chosen segment size (tests, tuning). */
    public static InputStream encrypting(InputStream plaintext, EncryptionKey key, StreamContext context,
                                         int segmentSize) {
        return new EncryptingInputStream(plaintext, newSealer(key, segmentSize, requireContext(context)));
    }

    /**
     * Plaintext written, ciphertext to {@code sink} (push), bound to {@code context}. {@code close()} writes the last
     * segment and closes the sink; a stream that is never closed is not a valid ciphertext (and will fail to decrypt).
     */
    public static OutputStream encrypting(OutputStream sink, EncryptionKey key, StreamContext context) {
        return encrypting(sink, key, context, DEFAULT_SEGMENT_SIZE);
    }

    public static OutputStream encrypting(OutputStream sink, EncryptionKey key, StreamContext context,
                                          int segmentSize) {
        return new EncryptingOutputStream(sink, newSealer(key, segmentSize, requireContext(context)));
    }

    /** A version-1 stream, as written before version 2: only for tests of reading old copies. */
    static InputStream encryptingV1(InputStream plaintext, EncryptionKey key, int segmentSize) {
        return new EncryptingInputStream(plaintext, newSealer(key, segmentSize, null));
    }

    /**
     * Ciphertext in, verified plaintext out; the key is the keyring's key with the id in the stream's header. Reads
     * throw {@link DecryptionException} as soon as anything does not authenticate: {@link UnknownKeyException} for a
     * key id the keyring lacks, {@link UnboundStreamException} for a version-1 stream when {@code acceptV1} is false,
     * and a plain {@code DecryptionException} for a stream altered or bound to another context.
     *
     * @param expected what the stream must be a copy of (a version-1 stream, when accepted, is not checked against it)
     * @param acceptV1 whether version-1 streams, bound to no context, are read
     */
    public static InputStream decrypting(InputStream ciphertext, Keyring keyring, StreamContext expected,
                                         boolean acceptV1) {
        return new DecryptingInputStream(ciphertext, keyring, requireContext(expected), acceptV1);
    }

    /** Whether {@code head} (the first bytes of an object) starts like a stream of this format. */
    public static boolean looksEncrypted(byte[] head) {
        return SegmentCipher.startsWithMagic(head);
    }

    private static StreamContext requireContext(StreamContext context) {
        return java.util.Objects.requireNonNull(context, "context");
    }

    private static SegmentCipher newSealer(EncryptionKey key, int segmentSize, StreamContext context) {
        byte[] salt = new byte[SegmentCipher.SALT_BYTES];
        byte[] prefix = new byte[SegmentCipher.NONCE_PREFIX_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(prefix);
        return SegmentCipher.forEncryption(key, segmentSize, salt, prefix, context);
    }
}
