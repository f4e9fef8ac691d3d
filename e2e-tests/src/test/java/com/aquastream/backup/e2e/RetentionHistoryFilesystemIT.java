package com.aquastream.backup.e2e;

import com.aquastream.backup.core.store.FilesystemObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/** The 120-day history with the worker's primary store on the filesystem (the default set-up). */
class RetentionHistoryFilesystemIT extends RetentionHistoryScenario {

    @TempDir
    static Path storeRoot;

    @Override
    Map<String, Object> storeProperties() {
        return Map.of("backup.platform.store.type", "filesystem",
                "backup.platform.store.filesystem-root", storeRoot.toString());
    }

    /**
     * Every object under the store's root, listed by the store itself: the worker deletes expired files while the
     * test looks, and the store's listing tolerates a file vanishing mid-walk where {@code Files.walk} throws.
     */
    @Override
    Set<String> storedKeys() {
        try {
            return new HashSet<>(new FilesystemObjectStore(storeRoot).list(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
