package com.aquastream.backup.core.crypto;

import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A 256-bit AES master key and the id it is known by. The id is written, in clear, into every stream the key
 * encrypts, so a {@link Keyring} can pick the right key to decrypt after a rotation. {@link #toString()} never prints
 * the key material.
 */
public final class EncryptionKey {

    /** Key ids are short plain names: they travel in stream headers, events and logs. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final int LENGTH_BYTES = 32;

    private final String id;
    private final byte[] material;

    /**
     * @throws IllegalArgumentException if {@code id} is not 1–64 of letters, digits, {@code . _ -} or the key is not
     *                                  exactly 32 bytes
     */
    public EncryptionKey(String id, byte[] material) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an encryption key id must be 1 to 64 of letters, digits and . _ -");
        }
        Objects.requireNonNull(material, "material");
        if (material.length != LENGTH_BYTES) {
            throw new IllegalArgumentException("encryption key '" + id + "' must be " + LENGTH_BYTES
                    + " bytes (AES-256), was " + material.length);
        }
        this.id = id;
        this.material = material.clone();
    }

    /**
     * A key from its base64 text (standard or URL-safe alphabet, e.g. {@code openssl rand -base64 32}).
     *
     * @throws IllegalArgumentException if the text is not base64 of exactly 32 bytes (the message never echoes it)
     */
    public static EncryptionKey fromBase64(String id, String base64) {
        byte[] bytes;
        try {
            String text = Objects.requireNonNull(base64, "base64").strip();
            bytes = text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encryption key '" + id + "' is not valid base64");
        }
        return new EncryptionKey(id, bytes);
    }

    public String id() {
        return id;
    }

    /** The key material; a copy, so callers cannot change the key. */
    byte[] material() {
        return material.clone();
    }

    /** Same id and same material. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptionKey other && id.equals(other.id)
                && java.security.MessageDigest.isEqual(material, other.material);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "EncryptionKey[id=" + id + ", material=******]";
    }
}
