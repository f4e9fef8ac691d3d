package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.Outbox;
import com.aquastream.backup.catalog.backups.SchemaChanges;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.Transactions;
import com.aquastream.backup.catalog.retention.RetentionPlan.ObjectDecision;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.StoredObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies the {@link RetentionPolicy}: marks what the plan expires and announces it with {@code backup.expired}
 * through the outbox (the backup-worker, owner of the store, deletes the objects and their sidecars). Runs after every
 * completion (inside its transaction) and on its own schedule; the dry run shows the same plan without applying it.
 */
public final class Retention implements SchemaChanges {

    private final BackupCatalog catalog;
    private final Outbox outbox;
    private final Transactions transactions;
    private final RetentionPolicy policy;

    public Retention(BackupCatalog catalog, Outbox outbox, Transactions transactions, RetentionPolicy policy) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.transactions = transactions;
        this.policy = policy;
    }

    /** The plans for every schema (or only {@code only}, when given), changing nothing. */
    public List<RetentionPlan> dryRun(SchemaRef only, Instant now) {
        return transactions.inTransaction(() -> schemas(only).stream()
                .map(schema -> policy.plan(schema, catalog.history(schema), now))
                .toList());
    }

    /** Applies retention to every schema the catalog knows, each schema in its own transaction. */
    public List<RetentionPlan> applyAll(Instant now) {
        return transactions.inTransaction(catalog::schemas).stream().map(schema -> apply(schema, now)).toList();
    }

    /** Applies retention to one schema: plan, mark expired, announce. */
    public RetentionPlan apply(SchemaRef schema, Instant now) {
        return transactions.inTransaction(() -> {
            catalog.lockSchema(schema);
            List<Backup> history = catalog.history(schema);
            RetentionPlan plan = policy.plan(schema, history, now);
            markExpired(plan, history, now);
            announce(plan, now);
            return plan;
        });
    }

    @Override
    public void completed(SchemaRef schema, Instant now) {
        apply(schema, now);
    }

    private List<SchemaRef> schemas(SchemaRef only) {
        return only != null ? List.of(only) : catalog.schemas();
    }

    private void markExpired(RetentionPlan plan, List<Backup> history, Instant now) {
        List<String> keys = plan.expiredObjects().stream().map(ObjectDecision::key).toList();
        if (!keys.isEmpty()) {
            catalog.expireObjects(keys, now);
        }
        Map<UUID, Backup> byId = history.stream().collect(Collectors.toMap(Backup::backupId, Function.identity()));
        plan.expiredBackups().forEach(b -> catalog.save(byId.get(b.backupId()).withStatus(BackupStatus.EXPIRED)));
    }

    /** One {@code backup.expired} per backup that loses objects, listing exactly the keys to delete. */
    private void announce(RetentionPlan plan, Instant now) {
        Map<UUID, List<ObjectDecision>> byBackup = plan.expiredObjects().stream()
                .collect(Collectors.groupingBy(ObjectDecision::backupId, LinkedHashMap::new, Collectors.toList()));
        byBackup.forEach((backupId, objects) -> outbox.enqueue(new BackupExpired(UUID.randomUUID(), now,
                plan.schema().database(), plan.schema().schema(), backupId,
                objects.stream().map(o -> new StoredObject(o.tier(), o.key())).toList(),
                "retention: " + objects.stream().map(ObjectDecision::reason).distinct()
                        .collect(Collectors.joining("; ")))));
    }
}
