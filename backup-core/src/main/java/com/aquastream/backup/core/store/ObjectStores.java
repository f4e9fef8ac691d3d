package com.aquastream.backup.core.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the object store a service is configured with: {@code filesystem} (a root directory) or {@code s3}. */
public final class ObjectStores {

    private ObjectStores() {
    }

    /**
     * @param type           {@code filesystem} or {@code s3} (case-insensitive)
     * @param filesystemRoot the root directory for {@code filesystem}
     * @param s3             the endpoint, credentials and bucket for {@code s3}
     */
    public static ObjectStore open(String type, String filesystemRoot, S3Settings s3) throws IOException {
        String kind = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "filesystem" -> new FilesystemObjectStore(Path.of(filesystemRoot));
            case "s3" -> S3ObjectStore.connect(s3);
            default -> throw new IllegalArgumentException("store type must be filesystem or s3, was " + type);
        };
    }
}
