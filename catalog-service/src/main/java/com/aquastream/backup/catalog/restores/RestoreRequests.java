package com.aquastream.backup.catalog.restores;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.Targets;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.WalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Restores on request (the manual's {@code make restore}, of one schema or all): looks the backup up, refuses what is
 * no restore point, and publishes a signed {@code restore.requested} naming the backup and its archive key through
 * the outbox (at least once), with the restore's row in the same transaction so its outcome can be followed. A
 * point-in-time recovery (mode PITR, issue 17) names no backup: only the moment, which the restore-worker recovers
 * from the cluster's base backups and archived WAL.
 */
public final class RestoreRequests {

    /** Who the commands of the HTTP API are from (signed, so the restore-worker can tell them apart). */
    static final String REQUESTED_BY = "catalog-api";

    private final Targets targets;
    private final BackupCatalog catalog;
    private final RestoreLog restores;
    private final Outbox outbox;
    private final Transactions transactions;
    private final RestoreSigner signer;

    RestoreRequests(Targets targets, BackupCatalog catalog, RestoreLog restores, Outbox outbox,
                           Transactions transactions, RestoreSigner signer) {
        this.targets = targets;
        this.catalog = catalog;
        this.restores = restores;
        this.outbox = outbox;
        this.transactions = transactions;
        this.signer = signer;
    }

    /** How to restore: the same for one backup and for every schema of a restore-all. */
    public record Options(String targetDatabase, RestoreMode mode, boolean safetyBackup, boolean force) {

        public Options {
            mode = mode == null ? RestoreMode.RESTORE : mode;
        }
    }

    /**
     * A restore-all: the commands issued (one per configured schema), the configured schemas left out with why, and
     * the schemas of the database that are not configured but have a restore point (not restored; listed so an
     * operator can restore them one by one).
     */
    public record Batch(UUID batchId, Instant asOf, List<Restore> restores, List<Skipped> skipped,
                        List<Unconfigured> unconfigured) {
    }

    public record Skipped(String schema, String reason) {
    }

    /** A schema restore-all did not cover because it is not configured, and the backup it could be restored from. */
    public record Unconfigured(String schema, UUID backupId, String key) {
    }

    /**
     * Requests a restore of one backup.
     *
     * @throws RestoresDisabledException without a signing key
     * @throws RestoreRefusedException   for an unknown backup, or one that is failed, expired or corrupt
     */
    public Restore restore(UUID backupId, Options options, Instant now) {
        requireEnabled();
        requireNotPitr(options);
        return transactions.inTransaction(() -> {
            Backup backup = catalog.find(backupId).orElseThrow(() -> new RestoreRefusedException(
                    RestoreRefusedException.Kind.UNKNOWN, "no backup " + backupId + " in the catalog"));
            requireRestorable(backup);
            requireSupported(backup.database(), options);
            return issue(backup, options, null, null, now);
        });
    }

    /**
     * Requests a restore of every configured schema of {@code database}, each from its newest restore point at or
     * before {@code asOf} ({@code null}: the newest), sharing one batch id. Only the configuration says what the
     * database's schemas are: a schema the catalog merely heard of (a refused request for {@code pg_catalog} or a typo)
     * must not turn a complete recovery into a failed one, and one with backups that is no longer configured was
     * dropped from the plan on purpose. The latter are listed as {@link Unconfigured}, restorable one by one.
     *
     * @throws RestoresDisabledException without a signing key
     * @throws RestoreRefusedException   when no schema of the database is configured, or none has a restore point
     */
    public Batch restoreAll(String database, Instant asOf, Options options, Instant now) {
        requireEnabled();
        requireNotPitr(options);
        requireSupported(database, options);
        return transactions.inTransaction(() -> {
            List<SchemaRef> schemas = targets.of(database);
            List<Unconfigured> unconfigured = unconfigured(database, asOf);
            if (schemas.isEmpty()) {
                throw new RestoreRefusedException(RestoreRefusedException.Kind.UNKNOWN, "no schema of database "
                        + database + " is configured; configured databases are " + targets.databases()
                        + (unconfigured.isEmpty() ? "" : "; restore its backups one by one (POST /api/restores): "
                        + unconfigured));
            }
            UUID batchId = UUID.randomUUID();
            List<Restore> issued = new ArrayList<>();
            List<Skipped> skipped = new ArrayList<>();
            for (SchemaRef schema : schemas) {
                List<Backup> history = catalog.history(schema);
                Optional<Backup> point = RestorePoints.newest(history, asOf);
                if (point.isPresent()) {
                    issued.add(issue(point.get(), options, asOf, batchId, now));
                } else {
                    skipped.add(new Skipped(schema.schema(), RestorePoints.whyNone(history, asOf)));
                }
            }
            if (issued.isEmpty()) {
                throw new RestoreRefusedException(RestoreRefusedException.Kind.NOT_RESTORABLE,
                        "nothing to restore in " + database + ": " + skipped.stream()
                                .map(s -> s.schema() + ": " + s.reason()).toList());
            }
            return new Batch(batchId, asOf, issued, skipped, unconfigured);
        });
    }

    /**
     * Requests a point-in-time recovery of {@code schema} to its state at {@code asOf}: a signed PITR command without
     * backup id, key or checksum (the restore-worker picks the base backup and WAL; it answers
     * {@code restore.rejected} ARCHIVE_UNAVAILABLE when none reaches {@code asOf}). With schema {@code pg_cluster}
     * the database is a cluster's name and the whole cluster is recovered into a data directory. No backup of the
     * catalog is consulted, and the schema need not be a target: the cluster's archive holds every schema.
     *
     * @throws RestoresDisabledException without a signing key
     */
    public Restore pointInTime(SchemaRef schema, Instant asOf, Options options, Instant now) {
        requireEnabled();
        Objects.requireNonNull(schema, "schema");
        if (asOf == null) {
            throw new IllegalArgumentException("a point-in-time recovery needs asOf, the moment to recover to");
        }
        if (options.mode() != RestoreMode.PITR) {
            throw new IllegalArgumentException("a point-in-time recovery has mode PITR, not " + options.mode());
        }
        if (Targets.REDIS.equals(schema.database())) {
            throw new IllegalArgumentException("Redis snapshots have no point-in-time recovery: restore a snapshot"
                    + " with bin/restore-redis");
        }
        if (WalEvent.CLUSTER_SCHEMA.equals(schema.schema()) && options.targetDatabase() != null) {
            throw new IllegalArgumentException("a cluster (schema " + WalEvent.CLUSTER_SCHEMA + ") is recovered into"
                    + " a data directory of its own: targetDatabase does not apply");
        }
        return transactions.inTransaction(() -> {
            RestoreRequested command = signer.signed(new RestoreRequested(UUID.randomUUID(), now, schema.database(),
                    schema.schema(), UUID.randomUUID(), null, null, options.targetDatabase(), RestoreMode.PITR,
                    options.safetyBackup(), REQUESTED_BY, null, options.force() ? Boolean.TRUE : null, asOf, null));
            return record(command);
        });
    }

    /** The database's schemas with a restore point at {@code asOf} that are not configured. */
    private List<Unconfigured> unconfigured(String database, Instant asOf) {
        return catalog.schemas().stream()
                .filter(s -> s.database().equals(database) && !targets.contains(s))
                .sorted()
                .flatMap(s -> RestorePoints.newest(catalog.history(s), asOf).stream())
                .map(b -> new Unconfigured(b.schema(), b.backupId(), b.restoreKey().orElseThrow()))
                .toList();
    }

    public Optional<Restore> find(UUID restoreId) {
        return transactions.inTransaction(() -> restores.find(restoreId));
    }

    public List<Restore> ofBatch(UUID batchId) {
        return transactions.inTransaction(() -> restores.ofBatch(batchId));
    }

    public List<Restore> recent(int limit) {
        return transactions.inTransaction(() -> restores.recent(limit));
    }

    private void requireEnabled() {
        if (!signer.enabled()) {
            throw new RestoresDisabledException();
        }
    }

    /** PITR names no backup: {@link #pointInTime}. */
    private static void requireNotPitr(Options options) {
        if (options.mode() == RestoreMode.PITR) {
            throw new IllegalArgumentException("mode PITR restores one schema (or a cluster) to a moment and names no"
                    + " backup: give database, schema and asOf instead of a backup");
        }
    }

    /**
     * A Redis snapshot is restored on the instance's host (stop, replace {@code dump.rdb}, start): the restore-worker
     * only verifies it, so a RESTORE command would just come back rejected.
     */
    private static void requireSupported(String database, Options options) {
        if (Targets.REDIS.equals(database) && options.mode() == RestoreMode.RESTORE) {
            throw new IllegalArgumentException("Redis snapshots are restored on the instance's host with"
                    + " bin/restore-redis; the restore-worker only verifies them: use mode VERIFY");
        }
    }

    private static void requireRestorable(Backup backup) {
        if (backup.status() == BackupStatus.CORRUPT) {
            throw refused(backup, "is CORRUPT: a restore found its stored bytes different from its checksum;"
                    + " choose another backup");
        }
        if (backup.status() == BackupStatus.FAILED) {
            throw refused(backup, "FAILED: it has no archive (" + backup.failureReason() + ")");
        }
        if (backup.status() == BackupStatus.EXPIRED) {
            throw refused(backup, "EXPIRED: retention deleted its archives");
        }
        if (!backup.isRestorable()) {
            throw refused(backup, "holds no archive any more: newer backups rewrote its keys");
        }
    }

    private static RestoreRefusedException refused(Backup backup, String why) {
        return new RestoreRefusedException(RestoreRefusedException.Kind.NOT_RESTORABLE,
                "backup " + backup.backupId() + " of " + backup.database() + "." + backup.schema() + " " + why);
    }

    /**
     * Signs the command, bound to the backup's bytes (its SHA-256: the worker refuses other bytes under the key),
     * records its row and enqueues it, in the caller's transaction.
     */
    private Restore issue(Backup backup, Options options, Instant asOf, UUID batchId, Instant now) {
        RestoreRequested command = signer.signed(new RestoreRequested(UUID.randomUUID(), now, backup.database(),
                backup.schema(), UUID.randomUUID(), backup.backupId(), backup.restoreKey().orElseThrow(),
                options.targetDatabase(), options.mode(), options.safetyBackup(), REQUESTED_BY, null,
                options.force() ? Boolean.TRUE : null, asOf, batchId).withSha256(backup.sha256()));
        return record(command);
    }

    /** The command's row and its outbox entry, in the caller's transaction. */
    private Restore record(RestoreRequested command) {
        Restore restore = Restore.requested(command);
        restores.save(restore);
        outbox.enqueue(command);
        return restore;
    }
}
