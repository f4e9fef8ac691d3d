package com.aquastream.backup.restore.restore;

import java.io.IOException;

/** Downloads and verifies an archive before anything else happens (DESIGN.md invariant 5). */
public interface ArchiveFetcher {

    /**
     * @throws ArchiveRejectedException when the archive, its sidecar or its record is missing or the checksums differ
     * @throws IOException              when the store cannot be read (transient: the command is retried)
     */
    VerifiedArchive fetch(String key) throws IOException, ArchiveRejectedException;

    /** Refusal of an archive: nothing was touched. */
    class ArchiveRejectedException extends Exception {
        private final boolean corrupt;

        public ArchiveRejectedException(String message, boolean corrupt) {
            super(message);
            this.corrupt = corrupt;
        }

        /** True when stored bytes do not match the recorded checksum (the backup is CORRUPT). */
        public boolean corrupt() {
            return corrupt;
        }
    }
}
