package com.aquastream.backup.core.store;

import java.util.Objects;

/**
 * Where and how {@link S3ObjectStore} connects: an S3-compatible endpoint (e.g. {@code http://127.0.0.1:9000}),
 * region (e.g. {@code us-east-1}), credentials and bucket. {@link #toString()} never prints the secret key.
 */
public record S3Settings(String endpoint, String region, String accessKey, String secretKey, String bucket) {

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.length() < 3) {
            throw new IllegalArgumentException("S3 bucket names need at least 3 characters");
        }
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey
                + ", secretKey=" + (secretKey == null ? "null" : "******") + ", bucket=" + bucket + "]";
    }
}
