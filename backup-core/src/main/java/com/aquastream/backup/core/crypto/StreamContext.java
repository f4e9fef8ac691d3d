package com.aquastream.backup.core.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * What an encrypted stream is a copy <em>of</em>: the object key it is stored under and the backup it belongs to.
 * The writer seals every segment of a version-2 stream with it ({@link StreamingAead}), and a reader names the context
 * it expects — the key it reads, the backup id from a record it trusts — so a ciphertext moved under another key, or
 * standing in for another backup, fails authentication like a wrong key does.
 *
 * <p>Bound as its {@link #digest()}: SHA-256 over {@code "aquastream stream context v2"} (ASCII) followed, for the
 * object key and then the backup id, by the length of its UTF-8 bytes (4 bytes, big-endian) and those bytes. The
 * length prefixes keep {@code ("a/b", "c")} and {@code ("a", "b/c")} apart.
 */
public record StreamContext(String objectKey, String backupId) {

    private static final byte[] LABEL = "aquastream stream context v2".getBytes(StandardCharsets.US_ASCII);
    static final int DIGEST_BYTES = 32;

    public StreamContext {
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(backupId, "backupId");
        if (objectKey.isEmpty() || backupId.isEmpty()) {
            throw new IllegalArgumentException("a stream context needs an object key and a backup id");
        }
    }

    /** The 32 bytes every segment's additional data ends with (see the class comment). */
    byte[] digest() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(LABEL);
        for (String part : new String[] {objectKey, backupId}) {
            byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
            bytes.writeBytes(utf8);
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JRE", e);
        }
    }

    @Override
    public String toString() {
        return "key " + objectKey + ", backup " + backupId;
    }
}
