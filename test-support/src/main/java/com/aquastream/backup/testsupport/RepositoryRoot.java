package com.aquastream.backup.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's root folder from a test's working directory (a module folder under Maven). */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /** The nearest folder at or above the working directory that contains {@code relativeFile}. */
    public static Path containing(String relativeFile) {
        Path start = Path.of("").toAbsolutePath();
        for (Path folder = start; folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve(relativeFile))) {
                return folder;
            }
        }
        throw new IllegalStateException("No folder at or above " + start + " contains " + relativeFile);
    }
}
