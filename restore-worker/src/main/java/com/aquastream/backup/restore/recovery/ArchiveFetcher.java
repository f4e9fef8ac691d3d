package com.aquastream.backup.restore.recovery;

import java.io.IOException;

/** Downloads and verifies an archive before anything else happens (DESIGN.md invariant 5). */
public interface ArchiveFetcher {

    /**
     * @throws ArchiveRejectedException when the archive, its sidecar or its record is missing or the checksums differ
     * @throws IOException              when the store cannot be read (transient: the command is retried)
     */
    VerifiedArchive fetch(String key) throws IOException, ArchiveRejectedException;

    /**
     * The archive's backup record ({@code backup.completed} kept beside it), without downloading the archive.
     *
     * @throws ArchiveRejectedException when there is no readable record
     */
    default com.aquastream.backup.events.BackupCompleted recordOf(String key)
            throws IOException, ArchiveRejectedException {
        throw new ArchiveRejectedException("no record of archive " + key + " can be read here", false);
    }

    /** The archive's size as its backup record gives it, without downloading it (for scheduling); 0 if unknown. */
    default long recordedSizeBytes(String key) throws IOException, ArchiveRejectedException {
        return 0;
    }

    /** Refusal of an archive: nothing was touched. */
    class ArchiveRejectedException extends Exception {
        private final boolean corrupt;
        private final java.util.UUID backupId;

        public ArchiveRejectedException(String message, boolean corrupt) {
            this(message, corrupt, null);
        }

        /** @param backupId the backup the archive's record names, when the record could be read */
        public ArchiveRejectedException(String message, boolean corrupt, java.util.UUID backupId) {
            super(message);
            this.corrupt = corrupt;
            this.backupId = backupId;
        }

        public java.util.UUID backupId() {
            return backupId;
        }

        /** True when stored bytes do not match the recorded checksum (the backup is CORRUPT). */
        public boolean corrupt() {
            return corrupt;
        }
    }
}
