package com.aquastream.backup.core.crypto;

import java.io.InputStream;

/**
 * The read-only decoder of the home-made format offsite copies were encrypted in before Tink
 * ({@link OffsiteEncryption}): a segmented AES-256-GCM stream. Nothing writes it any more (the encrypting half was
 * deleted with the move to Tink); it is kept so copies written before can still be restored and reconciled with the
 * raw keys of {@code OFFSITE_ENCRYPTION_KEY} / {@code OFFSITE_ENCRYPTION_PREVIOUS_KEYS}, until they expire. A fixture
 * written by the last version of the encrypting code ({@code src/test/resources/crypto/legacy-v2}) proves it.
 *
 * <h2>Format, version 2 (written from issue 14 until Tink)</h2>
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
public final class LegacyFormat {

    /** The scheme's name as recorded beside copies written in it ({@code backup.replicated.encryption}). */
    public static final String SCHEME = "aes-256-gcm-segmented-v2";
    /** Version 1, bound to no context: what copies written before version 2 record. */
    public static final String SCHEME_V1 = "aes-256-gcm-segmented-v1";
    static final int MIN_SEGMENT_SIZE = 16;
    /** A header claiming more is refused, so a crafted stream cannot make a reader allocate without bound. */
    static final int MAX_SEGMENT_SIZE = 16 << 20;

    private LegacyFormat() {
    }

    /**
     * Ciphertext in, verified plaintext out; the key is the keyring's legacy key with the id in the stream's header.
     * Reads throw {@link DecryptionException} as soon as anything does not authenticate: {@link UnknownKeyException}
     * for a key id the keyring lacks, {@link UnboundStreamException} for a version-1 stream when {@code acceptV1} is
     * false, and a plain {@code DecryptionException} for a stream altered or bound to another context.
     *
     * @param expected what the stream must be a copy of (a version-1 stream, when accepted, is not checked against it)
     * @param acceptV1 whether version-1 streams, bound to no context, are read
     */
    static InputStream decrypting(InputStream ciphertext, Keyring keyring, StreamContext expected,
                                  boolean acceptV1) {
        return new DecryptingInputStream(ciphertext, keyring, java.util.Objects.requireNonNull(expected, "expected"),
                acceptV1);
    }

    /** Whether {@code head} (the first bytes of an object) starts like a stream of this format. */
    static boolean startsLikeIt(byte[] head) {
        return SegmentCipher.startsWithMagic(head);
    }
}
