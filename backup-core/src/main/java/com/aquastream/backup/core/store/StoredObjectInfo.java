package com.aquastream.backup.core.store;

import java.util.Objects;

/**
 * What {@link ObjectStore#put} stored: the key, the number of bytes and the lower-case hex SHA-256 of exactly those
 * bytes, computed while streaming.
 */
public record StoredObjectInfo(String key, long sizeBytes, String sha256Hex) {

    public StoredObjectInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes < 0");
        }
    }
}
