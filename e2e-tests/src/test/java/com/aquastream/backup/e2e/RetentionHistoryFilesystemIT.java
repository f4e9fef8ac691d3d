package com.aquastream.backup.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The 120-day history with the worker's primary store on the filesystem (the default set-up). */
class RetentionHistoryFilesystemIT extends RetentionHistoryScenario {

    @TempDir
    static Path storeRoot;

    @Override
    Map<String, Object> storeProperties() {
        return Map.of("backup.worker.store.type", "filesystem",
                "backup.worker.store.filesystem-root", storeRoot.toString());
    }

    /** Every regular file under the store's root, as a key with '/' separators. */
    @Override
    Set<String> storedKeys() {
        try (Stream<Path> files = Files.walk(storeRoot)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> storeRoot.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
