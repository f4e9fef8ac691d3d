package com.aquastream.backup.restore.recovery;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * An archive downloaded completely to a local file whose SHA-256 matched both the backup's record and the
 * sidecar, with the row counts recorded when it was taken. Deleting the file is the caller's job.
 */
public record VerifiedArchive(Path file, String key, UUID backupId, String sha256, String compression,
                              Map<String, Long> tableRowCounts) {
}
