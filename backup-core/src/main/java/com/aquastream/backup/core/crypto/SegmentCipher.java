package com.aquastream.backup.core.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One legacy stream's header and the opening of its segments ({@link LegacyFormat} describes the format; the sealing
 * half is gone, nothing writes this format any more). Not thread-safe: one instance per stream.
 */
final class SegmentCipher {

    static final byte[] MAGIC = {'A', 'Q', 'S', 'E'};
    /** Written before streams were bound to a context: additional data = header | last flag. */
    static final int VERSION_UNBOUND = 1;
    /** Bound to a {@link StreamContext}: additional data = header | context digest | last flag. */
    static final int VERSION_BOUND = 2;
    static final int SALT_BYTES = 16;
    static final int NONCE_PREFIX_BYTES = 8;
    static final int TAG_BYTES = 16;
    /** magic, version, segment size, key id length. */
    static final int FIXED_HEADER_BYTES = MAGIC.length + 1 + 4 + 1;
    private static final byte[] HKDF_INFO = "aquastream segmented aead v1".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_SEGMENTS = 1L << 32;

    private final int segmentSize;
    private final String keyId;
    private final byte[] noncePrefix;
    private final SecretKeySpec streamKey;
    private final Cipher cipher;
    private final byte[] aad;
    /** The context the segments are bound to; {@code null} for a version-1 stream. */
    private final StreamContext context;
    private long nextSegment;

    private SegmentCipher(byte[] header, int segmentSize, String keyId, byte[] salt, byte[] noncePrefix,
                          EncryptionKey key, StreamContext context) {
        this.segmentSize = segmentSize;
        this.keyId = keyId;
        this.noncePrefix = noncePrefix;
        this.context = context;
        this.streamKey = new SecretKeySpec(deriveStreamKey(key, salt), "AES");
        byte[] digest = context == null ? new byte[0] : context.digest();
        this.aad = Arrays.copyOf(header, header.length + digest.length + 1);
        System.arraycopy(digest, 0, aad, header.length, digest.length);
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JRE", e);
        }
    }

    /**
     * Reads and checks a header from {@code in} and finds its key; a version-2 stream's segments will be checked
     * against {@code expected}.
     *
     * @param expected  the context the reader expects; {@code null} only where no version-2 stream can be read
     * @param acceptV1  whether a version-1 stream (bound to no context) is read at all
     * @throws DecryptionException for a stream that is not in this format, is truncated in its header, names a key
     *                             the keyring lacks ({@link UnknownKeyException}), or is a version-1 stream that is
     *                             not accepted ({@link UnboundStreamException})
     */
    static SegmentCipher readHeader(InputStream in, Keyring keyring, StreamContext expected, boolean acceptV1)
            throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(64);
        byte[] fixed = readExactly(in, FIXED_HEADER_BYTES, "header");
        header.write(fixed);
        if (!startsWithMagic(fixed)) {
            throw new DecryptionException("not an encrypted stream of this system (no AQSE header)");
        }
        ByteBuffer b = ByteBuffer.wrap(fixed, MAGIC.length, fixed.length - MAGIC.length);
        int version = b.get() & 0xff;
        if (version == VERSION_UNBOUND && !acceptV1) {
            throw new UnboundStreamException(expected);
        }
        if (version == VERSION_BOUND && expected == null) {
            throw new DecryptionException("a version-2 encrypted stream needs the object key and backup id it is"
                    + " expected to be a copy of");
        }
        if (version != VERSION_UNBOUND && version != VERSION_BOUND) {
            throw new DecryptionException("unsupported encryption format version " + version);
        }
        int segmentSize = b.getInt();
        if (segmentSize < LegacyFormat.MIN_SEGMENT_SIZE || segmentSize > LegacyFormat.MAX_SEGMENT_SIZE) {
            throw new DecryptionException("corrupt header: segment size " + segmentSize + " is out of range");
        }
        int idLength = b.get() & 0xff;
        byte[] id = readExactly(in, idLength, "header");
        String keyId = new String(id, StandardCharsets.US_ASCII);
        if (!EncryptionKey.ID.matcher(keyId).matches() || !Arrays.equals(id, keyId.getBytes(StandardCharsets.US_ASCII))) {
            throw new DecryptionException("corrupt header: the key id is not a valid id");
        }
        byte[] salt = readExactly(in, SALT_BYTES, "header");
        byte[] prefix = readExactly(in, NONCE_PREFIX_BYTES, "header");
        header.write(id);
        header.write(salt);
        header.write(prefix);
        EncryptionKey key = keyring.findLegacy(keyId)
                .orElseThrow(() -> new UnknownKeyException(keyId, keyring.legacyIds()));
        return new SegmentCipher(header.toByteArray(), segmentSize, keyId, salt, prefix, key,
                version == VERSION_BOUND ? expected : null);
    }

    static boolean startsWithMagic(byte[] head) {
        return head != null && head.length >= MAGIC.length
                && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    int segmentSize() {
        return segmentSize;
    }

    String keyId() {
        return keyId;
    }

    /** Bytes of a full ciphertext segment. */
    int ciphertextSegmentSize() {
        return segmentSize + TAG_BYTES;
    }

    /**
     * Decrypts and authenticates the next segment: {@code length} ciphertext bytes from {@code in} into {@code out}
     * (room for {@code length - 16}); returns the plaintext length.
     *
     * @throws DecryptionException when the segment does not authenticate or is malformed
     */
    int open(byte[] in, int offset, int length, boolean last, byte[] out) throws DecryptionException {
        long index = nextSegment;
        if (length < TAG_BYTES || length > ciphertextSegmentSize() || (!last && length != ciphertextSegmentSize())) {
            throw new DecryptionException("the encrypted stream is truncated or malformed at segment " + index);
        }
        try {
            init(Cipher.DECRYPT_MODE, last);
            return cipher.doFinal(in, offset, length, out, 0);
        } catch (AEADBadTagException e) {
            throw new DecryptionException("segment " + index + " of the encrypted stream (key id '" + keyId
                    + "') failed authentication: the stream was altered, truncated or reordered, the key is not"
                    + " the one it was encrypted with" + (context == null ? ""
                    : ", or it is not the copy of " + context + " (e.g. another copy moved under this key)"));
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("segment " + index + " of the encrypted stream could not be decrypted", e);
        }
    }

    private void init(int mode, boolean last) throws GeneralSecurityException {
        if (nextSegment >= MAX_SEGMENTS) {
            throw new GeneralSecurityException("stream exceeds " + MAX_SEGMENTS + " segments");
        }
        byte[] nonce = ByteBuffer.allocate(NONCE_PREFIX_BYTES + 4).put(noncePrefix).putInt((int) nextSegment)
                .array();
        nextSegment++;
        aad[aad.length - 1] = (byte) (last ? 1 : 0);
        try {
            cipher.init(mode, streamKey, new GCMParameterSpec(TAG_BYTES * 8, nonce));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("AES-256 keys are not usable in this JRE", e);
        }
        cipher.updateAAD(aad);
    }

    /** HKDF-SHA256 (RFC 5869) with one output block: extract with the salt, expand with a fixed info. */
    private static byte[] deriveStreamKey(EncryptionKey key, byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(key.material());
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(HKDF_INFO);
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JRE", e);
        }
    }

    private static byte[] readExactly(InputStream in, int n, String what) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new DecryptionException("the encrypted stream is truncated in its " + what);
        }
        return bytes;
    }

    /** Reads until {@code len} bytes or EOF; returns how many were read. */
    static int fill(InputStream in, byte[] buffer, int offset, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(buffer, offset + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
