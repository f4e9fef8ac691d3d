package com.aquastream.backup.restore.recovery.pitr;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.pitr.PointInTimeRecovery;
import com.aquastream.backup.core.pitr.RecoveredCluster;
import com.aquastream.backup.core.wal.Lsn;
import com.aquastream.backup.restore.recovery.PointInTime;
import com.aquastream.backup.restore.recovery.VerifiedArchive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * {@link PointInTime} from the object store's base backups and WAL archive of one cluster (backup-core
 * {@link PointInTimeRecovery}): the schema is dumped from the recovered server with pg_dump ({@code -Fc}, gzip
 * outside, like a stored backup) and its row counts are counted there, so the replace checks them exactly as it checks
 * a backup's.
 */
public final class ArchivePointInTime implements PointInTime {

    private final PointInTimeRecovery recovery;
    private final String cluster;
    private final String superuser;
    private final Duration timeout;
    private final Path directory;

    /** @param directory where the dumps are written (this instance's work area) */
    public ArchivePointInTime(PointInTimeRecovery recovery, String cluster, String superuser, Duration timeout,
                              Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.superuser = Objects.requireNonNull(superuser, "superuser");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public SchemaAsOf schemaAsOf(String database, String schema, Instant target) throws IOException {
        try (RecoveredCluster recovered = recovery.recover(cluster, target,
                new PointInTimeRecovery.Options(superuser, false, timeout))) {
            if (!recovered.schemaExists(database, schema)) {
                throw new SchemaAbsentException("schema " + schema + " did not exist in database " + database
                        + " at " + target + " (cluster " + cluster + " recovered to "
                        + (recovered.reachedAt() == null ? "its base backup" : recovered.reachedAt()) + ")");
            }
            Map<String, Long> rowCounts = recovered.countRows(database, schema);
            Files.createDirectories(directory);
            Path file = Files.createTempFile(directory, "pitr-" + schema + "-", ".dump.gz");
            try {
                String sha256 = recovered.dumpSchema(database, schema, file, Compression.GZIP, 1);
                VerifiedArchive archive = new VerifiedArchive(file, recovered.baseBackup().key(),
                        recovered.baseBackup().backupId(), sha256, Compression.GZIP.wireName(), rowCounts);
                return new SchemaAsOf(archive, recovered.reachedAt(), recovered.endOfArchive());
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }
    }

    @Override
    public Map<String, Long> rowCountsAt(String database, String schema, String lsn) throws IOException {
        try (RecoveredCluster recovered = recovery.recoverToLsn(cluster, Lsn.parse(lsn),
                new PointInTimeRecovery.Options(superuser, false, timeout))) {
            return recovered.countRows(database, schema);
        }
    }

    @Override
    public ClusterAsOf clusterAsOf(Instant target) throws IOException {
        RecoveredCluster recovered = recovery.recover(cluster, target,
                new PointInTimeRecovery.Options(superuser, true, timeout));
        Path data;
        try {
            data = recovered.stopAndKeep();
        } finally {
            recovered.close();
        }
        String steps = "cluster " + cluster + " recovered to " + (recovered.reachedAt() == null
                ? "the end of its base backup" : recovered.reachedAt()) + (recovered.endOfArchive()
                ? " (the archive ended before " + target + ": that is the recovery point)" : "")
                + " in " + data + ", promoted and stopped cleanly. Next: 1) stop the damaged server if it still runs;"
                + " 2) put its settings back: compare postgresql.conf with the damaged server's and"
                + " postgresql.auto.conf.from-backup (the source's ALTER SYSTEM settings), restore pg_hba.conf;"
                + " 3) move the directory into place (or point the service's data_directory at it), owned by the"
                + " server's OS user, mode 0700; 4) start it and check the application's newest rows;"
                + " 5) take a new base backup: the recovered server runs on a new timeline";
        return new ClusterAsOf(data, recovered.baseBackup().key(), recovered.baseBackup().backupId(),
                recovered.baseBackup().sha256Hex(), recovered.reachedAt(), recovered.endOfArchive(), steps);
    }
}
