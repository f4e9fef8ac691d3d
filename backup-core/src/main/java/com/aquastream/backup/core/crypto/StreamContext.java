package com.aquastream.backup.core.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * What an encrypted stream is a copy <em>of</em>: the object key it is stored under and the backup it belongs to.
 * The writer binds the ciphertext to it (the associated data of Tink's streaming AEAD, {@link OffsiteEncryption}),
 * and a reader names the context it expects — the key it reads, the backup id from a record it trusts — so a
 * ciphertext moved under another key, or standing in for another backup, fails authentication like a wrong key does.
 *
 * <p>Both parts are encoded as the length of their UTF-8 bytes (4 bytes, big-endian) and those bytes, object key
 * first, after a label naming the format; the length prefixes keep {@code ("a/b", "c")} and {@code ("a", "b/c")}
 * apart. Tink copies bind {@link #associatedData()} ({@code "aquastream offsite copy v3"} then the parts); legacy
 * version-2 streams bound its {@link #digest()} (SHA-256 of {@code "aquastream stream context v2"} then the parts).
 */
public record StreamContext(String objectKey, String backupId) {

    private static final byte[] LEGACY_LABEL = "aquastream stream context v2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL = "aquastream offsite copy v3".getBytes(StandardCharsets.US_ASCII);
    static final int DIGEST_BYTES = 32;

    public StreamContext {
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(backupId, "backupId");
        if (objectKey.isEmpty() || backupId.isEmpty()) {
            throw new IllegalArgumentException("a stream context needs an object key and a backup id");
        }
    }

    /** The associated data of a Tink copy (see the class comment). */
    byte[] associatedData() {
        return encoded(LABEL);
    }

    /** The 32 bytes every segment's additional data of a legacy version-2 stream ends with (see the class comment). */
    byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encoded(LEGACY_LABEL));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JRE", e);
        }
    }

    private byte[] encoded(byte[] label) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(label);
        for (String part : new String[] {objectKey, backupId}) {
            byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
            bytes.writeBytes(utf8);
        }
        return bytes.toByteArray();
    }

    @Override
    public String toString() {
        return "key " + objectKey + ", backup " + backupId;
    }
}
