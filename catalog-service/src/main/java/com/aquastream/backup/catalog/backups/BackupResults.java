package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records what the workers report: {@code backup.completed} and {@code backup.failed}. Idempotent: an event id seen
 * before changes nothing, and neither does a re-announced completion (new event id, same backup id), so Kafka's
 * redeliveries and the worker's re-announcements are harmless.
 *
 * <p>A failure that is the worker's {@link Refusal} of a request is remembered in the {@link RefusalLog}; it becomes a
 * FAILED backup only for a configured target (whose status must then show ✗), never for any other schema, so a request
 * for {@code pg_catalog} or a typo cannot make the catalog treat that name as a target.
 */
public final class BackupResults {

    private final BackupCatalog catalog;
    private final Targets targets;
    private final RefusalLog refusals;
    private final Transactions transactions;
    private final SchemaChanges schemaChanges;
    private final BackupOutcomes outcomes;
    private final Clock clock;
    private final ResultTrust trust;

    public BackupResults(BackupCatalog catalog, Targets targets, RefusalLog refusals, Transactions transactions,
                         SchemaChanges schemaChanges, BackupOutcomes outcomes, Clock clock) {
        this(catalog, targets, refusals, transactions, schemaChanges, outcomes, clock,
                new ResultTrust(clock, ResultTrust.DEFAULT_MAX_CLOCK_SKEW, outcomes));
    }

    public BackupResults(BackupCatalog catalog, Targets targets, RefusalLog refusals, Transactions transactions,
                         SchemaChanges schemaChanges, BackupOutcomes outcomes, Clock clock, ResultTrust trust) {
        this.trust = trust;
        this.catalog = catalog;
        this.targets = targets;
        this.refusals = refusals;
        this.transactions = transactions;
        this.schemaChanges = schemaChanges;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /**
     * Records a completed backup, gives it the keys it wrote, then lets retention run for its schema, all in one
     * transaction. Refused, with nothing recorded ({@link ResultTrust}): a time in the future beyond the clock skew,
     * and a backup id already known with other content (another {@code sha256} or size: a backup's bytes never
     * change, so that is a forgery or a broken worker, and must not replace what restores rely on).
     *
     * @throws com.aquastream.backup.core.naming.InvalidIdentifierException for names that are not plain identifiers
     * @throws ResultTrust.UntrustedResultException for a result refused as untrusted
     */
    public Recorded completed(BackupCompleted event) {
        SchemaRef schema = new SchemaRef(event.database(), event.schema());
        Objects.requireNonNull(event.backupId(), "backupId");
        requireOwnKeys(schema, event.objects());
        trust.requireNotInTheFuture(Topics.BACKUP_COMPLETED, schema, ResultTrust.times("occurredAt",
                event.occurredAt(), "startedAt", event.startedAt(), "finishedAt", event.finishedAt(), "scheduledFor",
                event.scheduledFor()));
        Instant now = clock.instant();
        Result result = transactions.inTransaction(() -> {
            catalog.lockSchema(schema);
            if (!catalog.markProcessed(event.eventId(), Topics.BACKUP_COMPLETED, now)) {
                return new Result(Recorded.DUPLICATE_EVENT, null);
            }
            Optional<Backup> known = catalog.find(event.backupId());
            if (known.isPresent() && known.get().status() != BackupStatus.FAILED) {
                requireSameContent(schema, known.get(), event);
                return new Result(Recorded.ALREADY_KNOWN, known.get());
            }
            Backup backup = completedBackup(event, schema, known.map(Backup::pinned).orElse(false));
            catalog.save(backup);
            claimObjects(backup, event.objects());
            schemaChanges.completed(schema, now);
            return new Result(Recorded.NEW, backup);
        });
        if (result.recorded() == Recorded.NEW) {
            outcomes.recorded(result.backup());
        }
        return result.recorded();
    }

    /**
     * Records a failed request as a FAILED backup under the id its completion would have had. A backup already
     * completed under that id stays completed. A refusal is remembered as such first; of a schema that is not a
     * target it is all that is recorded ({@link Recorded#REFUSED}).
     */
    public Recorded failed(BackupFailed event) {
        SchemaRef schema = new SchemaRef(event.database(), event.schema());
        Objects.requireNonNull(event.requestId(), "requestId");
        trust.requireNotInTheFuture(Topics.BACKUP_FAILED, schema, ResultTrust.times("occurredAt",
                event.occurredAt()));
        boolean refusal = Refusal.isRefusal(event);
        boolean target = targets.contains(schema);
        Instant now = clock.instant();
        Result result = transactions.inTransaction(() -> {
            catalog.lockSchema(schema);
            if (!catalog.markProcessed(event.eventId(), Topics.BACKUP_FAILED, now)) {
                return new Result(Recorded.DUPLICATE_EVENT, null);
            }
            if (refusal) {
                refusals.record(schema, event.requestId(), Refusal.bounded(event.reason()), now);
                if (!target) {
                    return new Result(Recorded.REFUSED, null);
                }
            }
            Optional<Backup> known = catalog.find(BackupIds.backupOf(event.requestId()));
            if (known.isPresent()) {
                return new Result(Recorded.ALREADY_KNOWN, known.get());
            }
            Backup backup = failedBackup(event, schema);
            catalog.save(backup);
            return new Result(Recorded.NEW, backup);
        });
        if (refusal && result.recorded() != Recorded.DUPLICATE_EVENT) {
            outcomes.refused(schema, target, event.reason());
        }
        if (result.recorded() == Recorded.NEW) {
            outcomes.recorded(result.backup());
        }
        return result.recorded();
    }

    /**
     * A re-announcement (redelivery, the worker announcing a stored backup again) carries the same content; another
     * checksum or size under a known backup id is refused, and the transaction (event id included) rolls back.
     */
    private void requireSameContent(SchemaRef schema, Backup known, BackupCompleted event) {
        if (!Objects.equals(known.sha256(), event.sha256()) || !Objects.equals(known.sizeBytes(), event.sizeBytes())) {
            trust.refuse(Topics.BACKUP_COMPLETED, schema, "backup " + event.backupId() + " is already known with"
                    + " sha256 " + known.sha256() + " and " + known.sizeBytes() + " bytes; this event says sha256 "
                    + Identifiers.describe(event.sha256()) + " and " + event.sizeBytes() + " bytes");
        }
    }

    /**
     * Every key must be one of the schema's own names: retention later asks for these keys to be deleted, so a key of
     * another schema (or outside the layout) must never enter the catalog.
     */
    private static void requireOwnKeys(SchemaRef schema, List<StoredObject> objects) {
        for (StoredObject object : objects == null ? List.<StoredObject>of() : objects) {
            Objects.requireNonNull(object.tier(), "object tier");
            if (!BackupNaming.isObjectOf(object.key(), schema.database(), schema.schema())) {
                throw new IllegalArgumentException("object key " + Identifiers.describe(object.key())
                        + " is not an object of " + schema);
            }
        }
    }

    /**
     * Takes ownership of every key the backup wrote, unless a backup requested later already owns it (a completion
     * that arrives after a newer one must not steal the newer backup's key).
     */
    private void claimObjects(Backup backup, List<StoredObject> objects) {
        for (StoredObject object : objects == null ? List.<StoredObject>of() : objects) {
            Optional<BackupCatalog.ObjectOwner> owner = catalog.ownerOf(object.key());
            boolean newerOwner = owner.isPresent() && !owner.get().backupId().equals(backup.backupId())
                    && owner.get().requestedAt().isAfter(backup.requestedAt());
            if (!newerOwner) {
                catalog.assignObject(object.key(), object.tier(), backup.backupId());
            }
        }
    }

    private Backup completedBackup(BackupCompleted e, SchemaRef schema, boolean pinned) {
        Optional<KnownRequest> request = catalog.request(e.requestId());
        Instant requestedAt = request.map(KnownRequest::requestedAt)
                .orElse(e.startedAt() != null ? e.startedAt() : e.occurredAt());
        return new Backup(e.backupId(), e.requestId(), schema.database(), schema.schema(), e.tiers(),
                BackupStatus.COMPLETED, pinned, requestedAt, e.startedAt(), e.finishedAt(), e.sizeBytes(), e.sha256(),
                e.store(), e.compression(), e.format(), e.serverVersion(), e.toolVersion(), e.tableRowCounts(), null,
                null, null, null, null, null, List.of());
    }

    private Backup failedBackup(BackupFailed e, SchemaRef schema) {
        Optional<KnownRequest> request = catalog.request(e.requestId());
        Instant requestedAt = request.map(KnownRequest::requestedAt).orElse(e.occurredAt());
        return new Backup(BackupIds.backupOf(e.requestId()), e.requestId(), schema.database(), schema.schema(),
                request.map(KnownRequest::tiers).orElse(List.of()), BackupStatus.FAILED, false, requestedAt, null,
                e.occurredAt(), null, null, null, null, null, null, null, null,
                e.reason() == null ? "unknown" : e.reason(), e.attempt(), null, null, null, null, List.of());
    }

    private record Result(Recorded recorded, Backup backup) {
    }
}
