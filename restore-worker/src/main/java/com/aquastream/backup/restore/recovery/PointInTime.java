package com.aquastream.backup.restore.recovery;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Point-in-time recovery of the cluster the worker's databases live in, from its base backups and archived WAL
 * (issue 17): the port {@link RestoreService} uses for mode PITR. Failures that name their cause (no base backup, a
 * missing or corrupt WAL segment) are core's {@code PitrFailedException}.
 */
public interface PointInTime {

    /**
     * {@code database.schema} as it was at {@code target}: recovered into a throw-away server, dumped like a backup
     * (with exact row counts) into a local file the caller deletes, the server thrown away again.
     *
     * @throws SchemaAbsentException when the schema did not exist at that time
     */
    SchemaAsOf schemaAsOf(String database, String schema, Instant target) throws IOException;

    /**
     * Exact row counts of {@code database.schema} (unqualified table names, like a backup's {@code tableRowCounts})
     * in a throw-away recovery of the cluster to just before WAL position {@code lsn}; empty when the schema did not
     * exist there.
     */
    Map<String, Long> rowCountsAt(String database, String schema, String lsn) throws IOException;

    /** The whole cluster recovered to {@code target} (null: as far as the archive goes), promoted and stopped. */
    ClusterAsOf clusterAsOf(Instant target) throws IOException;

    /**
     * @param archive      the dump, to restore like any archive (its key and backup id are the base backup's)
     * @param reachedAt    the commit time of the last transaction replayed, null if none
     * @param endOfArchive whether the archive ended before the target (then {@code reachedAt} is the recovery point)
     */
    record SchemaAsOf(VerifiedArchive archive, Instant reachedAt, boolean endOfArchive) {
    }

    /**
     * @param dataDirectory the recovered data directory, ready to start (its settings replaced, the source's kept
     *                      beside them as {@code postgresql.auto.conf.from-backup})
     * @param steps         what an operator does next, in words
     */
    record ClusterAsOf(Path dataDirectory, String baseBackupKey, UUID baseBackupId, String baseBackupSha256,
                       Instant reachedAt, boolean endOfArchive, String steps) {
    }

    /** The schema did not exist at the target time: nothing to restore. */
    final class SchemaAbsentException extends IOException {
        public SchemaAbsentException(String message) {
            super(message);
        }
    }

    /** For a worker without point-in-time recovery configured: every PITR command is refused with this reason. */
    static PointInTime unavailable(String reason) {
        return new PointInTime() {
            @Override
            public SchemaAsOf schemaAsOf(String database, String schema, Instant target) throws IOException {
                throw new IOException(reason);
            }

            @Override
            public ClusterAsOf clusterAsOf(Instant target) throws IOException {
                throw new IOException(reason);
            }

            @Override
            public Map<String, Long> rowCountsAt(String database, String schema, String lsn) throws IOException {
                throw new IOException(reason);
            }
        };
    }
}
