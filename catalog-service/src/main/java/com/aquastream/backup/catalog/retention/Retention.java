package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.SchemaChanges;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.catalog.retention.RetentionPlan.BackupDecision;
import com.aquastream.backup.catalog.retention.RetentionPlan.ObjectDecision;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.StoredObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link RetentionPolicy}: marks what the plan expires and announces it with {@code backup.expired}
 * through the outbox (the backup-worker, owner of the store, deletes the objects and their sidecars). Runs after every
 * completion (inside its transaction) and on its own schedule; the dry run shows the same plan without applying it.
 *
 * <p>Every {@code backup.expired} is signed ({@link ExpirySigner}) and states {@code pinned=false}: the catalog is the
 * only holder of pins, so it is the one to vouch, under its signature, that the backup is not pinned. A pinned
 * backup is never expired, even if a faulty policy planned it (its decisions are turned back into KEEP, loudly).
 * Without a signing key retention is paused: nothing is marked expired that no deleter would delete.
 */
public final class Retention implements SchemaChanges {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final BackupCatalog catalog;
    private final Outbox outbox;
    private final Transactions transactions;
    private final RetentionPolicy policy;
    private final ExpirySigner signer;

    Retention(BackupCatalog catalog, Outbox outbox, Transactions transactions, RetentionPolicy policy,
                     ExpirySigner signer) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.transactions = transactions;
        this.policy = policy;
        this.signer = signer;
    }

    /** The plans for every schema (or only {@code only}, when given), changing nothing. */
    public List<RetentionPlan> dryRun(SchemaRef only, Instant now) {
        return transactions.inTransaction(() -> schemas(only).stream()
                .map(schema -> plan(schema, catalog.history(schema), now))
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
            RetentionPlan plan = plan(schema, history, now);
            markExpired(plan, history, now);
            announce(plan, now);
            return plan;
        });
    }

    @Override
    public void completed(SchemaRef schema, Instant now) {
        apply(schema, now);
    }

    /** The policy's plan, paused without a signing key, and never expiring a pinned backup. */
    private RetentionPlan plan(SchemaRef schema, List<Backup> history, Instant now) {
        if (!signer.enabled()) {
            return policy.keepEverything(schema, history, now, ExpirySigner.DISABLED_REASON);
        }
        return keepingPinned(policy.plan(schema, history, now), history);
    }

    /** Belt and braces: the policy keeps pinned backups; should it ever not, they are kept here, and it is logged. */
    private static RetentionPlan keepingPinned(RetentionPlan plan, List<Backup> history) {
        Set<UUID> pinned = history.stream().filter(Backup::pinned).map(Backup::backupId).collect(Collectors.toSet());
        if (plan.expiredObjects().stream().noneMatch(o -> pinned.contains(o.backupId()))
                && plan.expiredBackups().stream().noneMatch(b -> pinned.contains(b.backupId()))) {
            return plan;
        }
        log.error("retention planned to expire a pinned backup of {}; kept, as pins always are: {}", plan.schema(),
                plan.expiredObjects().stream().filter(o -> pinned.contains(o.backupId())).toList());
        String reason = "pinned: the catalog never expires a pinned backup";
        return new RetentionPlan(plan.schema(), plan.plannedAt(), plan.pausedBecause(),
                plan.objects().stream().map(o -> o.verdict() == Verdict.EXPIRE && pinned.contains(o.backupId())
                        ? new ObjectDecision(o.backupId(), o.key(), o.tier(), Verdict.KEEP, reason) : o).toList(),
                plan.backups().stream().map(b -> b.verdict() == Verdict.EXPIRE && pinned.contains(b.backupId())
                        ? new BackupDecision(b.backupId(), b.requestedAt(), Verdict.KEEP, reason) : b).toList());
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

    /**
     * One signed {@code backup.expired} per backup that loses objects, listing exactly the keys to delete, with
     * {@code pinned=false} (a pinned backup never gets here).
     */
    private void announce(RetentionPlan plan, Instant now) {
        Map<UUID, List<ObjectDecision>> byBackup = plan.expiredObjects().stream()
                .collect(Collectors.groupingBy(ObjectDecision::backupId, LinkedHashMap::new, Collectors.toList()));
        byBackup.forEach((backupId, objects) -> outbox.enqueue(signer.signed(new BackupExpired(UUID.randomUUID(),
                now, plan.schema().database(), plan.schema().schema(), backupId,
                objects.stream().map(o -> new StoredObject(o.tier(), o.key())).toList(),
                "retention: " + objects.stream().map(ObjectDecision::reason).distinct()
                        .collect(Collectors.joining("; ")), false, null, null))));
    }
}
