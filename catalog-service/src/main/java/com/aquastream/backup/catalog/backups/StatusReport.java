package com.aquastream.backup.catalog.backups;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Builds the per-schema status check (the manual's "Проверка успешности") from the catalog. */
public final class StatusReport {

    private final Targets targets;
    private final BackupCatalog catalog;
    private final Transactions transactions;

    public StatusReport(Targets targets, BackupCatalog catalog, Transactions transactions) {
        this.targets = targets;
        this.catalog = catalog;
        this.transactions = transactions;
    }

    /** Every configured schema plus any other the catalog has backups of, sorted. */
    public List<SchemaStatus> check(Instant now) {
        return transactions.inTransaction(() -> {
            TreeSet<SchemaRef> schemas = new TreeSet<>(targets.schemas());
            schemas.addAll(catalog.schemas());
            return schemas.stream().map(schema -> statusOf(schema, now)).toList();
        });
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
