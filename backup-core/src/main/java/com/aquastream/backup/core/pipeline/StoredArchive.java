package com.aquastream.backup.core.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * An archive stored under one or more keys (one per tier), all with the same bytes: their size and SHA-256 (of the
 * stored, i.e. compressed, bytes — what {@code backup.completed.sha256} reports and the sidecars contain).
 */
public record StoredArchive(List<String> keys, long sizeBytes, String sha256Hex) {

    public StoredArchive {
        keys = List.copyOf(keys);
        Objects.requireNonNull(sha256Hex, "sha256Hex");
    }
}
