package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.core.platform.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Builds the per-schema status check (the manual's "Проверка успешности") from the catalog, and the list of requests
 * the backup-worker refused.
 */
public final class StatusReport {

    private final Targets targets;
    private final BackupCatalog catalog;
    private final RefusalLog refusals;
    private final Transactions transactions;

    StatusReport(Targets targets, BackupCatalog catalog, RefusalLog refusals, Transactions transactions) {
        this.targets = targets;
        this.catalog = catalog;
        this.refusals = refusals;
        this.transactions = transactions;
    }

    /** A schema's refused requests, and whether it is a target (then the worker's configuration lacks it). */
    public record Refused(Refusal refusal, boolean target) {
    }

    /**
     * Every configured schema, sorted, and nothing else: the targets are what is configured. A schema the catalog
     * merely heard of (a refused request, or backups of a schema no longer configured) is no target to check.
     */
    public List<SchemaStatus> check(Instant now) {
        return transactions.inTransaction(() -> targets.schemas().stream()
                .map(schema -> statusOf(schema, now))
                .toList());
    }

    /** The schemas refused most recently first, at most {@code limit}. */
    public List<Refused> refused(int limit) {
        return transactions.inTransaction(() -> refusals.recent(limit).stream()
                .map(r -> new Refused(r, targets.contains(r.schema())))
                .toList());
    }

    /** The newest completed backup of every schema the catalog knows (a restore point per schema). */
    public List<Backup> latestCompleted() {
        return transactions.inTransaction(() -> catalog.schemas().stream()
                .map(schema -> latest(schema, BackupStatus.COMPLETED))
                .flatMap(Optional::stream)
                .toList());
    }

    /** The newest successful verification drill of every schema that had one. */
    public java.util.Map<SchemaRef, Instant> lastVerified() {
        return transactions.inTransaction(catalog::lastVerified);
    }

    private SchemaStatus statusOf(SchemaRef schema, Instant now) {
        Optional<Backup> latest = latest(schema, null);
        Optional<Backup> completed = latest.filter(b -> b.status() == BackupStatus.COMPLETED)
                .or(() -> latest(schema, BackupStatus.COMPLETED));
        String key = completed.flatMap(Backup::primaryKey).orElse(null);
        Instant finished = completed.map(Backup::finishedAt).orElse(null);
        Duration age = finished == null ? null : Duration.between(finished, now);
        Long size = completed.map(Backup::sizeBytes).orElse(null);
        if (latest.isEmpty()) {
            return new SchemaStatus(schema, false, null, null, null, null, "no backup found");
        }
        Backup last = latest.get();
        return switch (last.status()) {
            case COMPLETED -> new SchemaStatus(schema, true, key, finished, age, size, null);
            case FAILED -> new SchemaStatus(schema, false, key, finished, age, size,
                    "latest backup failed: " + last.failureReason());
            case CORRUPT -> new SchemaStatus(schema, false, key, finished, age, size, "latest backup is corrupt");
            case EXPIRED -> new SchemaStatus(schema, false, key, finished, age, size, "latest backup expired");
        };
    }

    private Optional<Backup> latest(SchemaRef schema, BackupStatus status) {
        return catalog.search(new BackupQuery(schema.database(), schema.schema(), null, status, 1)).stream()
                .findFirst();
    }
}
