package com.aquastream.backup.worker.backup;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.consumer.JobAbortedException;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.naming.InvalidIdentifierException;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup use case: takes a {@code backup.requested}, and ends with exactly one {@code backup.completed} or
 * {@code backup.failed} for it.
 *
 * <p>{@link #accept} runs on the consumer's poll thread and only validates and decides; {@link Job#run()} of the
 * returned job does the long work: lock the schema, re-announce a backup already stored for this request, refuse
 * (not retryable) when a key holds another request's backup, else dump and store it (staged, then published once it
 * is complete and counted; transient failures retried with back-off), record the manifest, and announce the result.
 */
final class BackupService {

    private static final Logger log = LoggerFactory.getLogger(BackupService.class);
    /** How far a name carrying a second may move to find a free one. */
    private static final int MAX_NAME_SHIFT_SECONDS = 60;
    /** How far a request's slot may lie ahead of the worker's clock when none is configured. */
    static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final BackupTargets targets;
    private final SchemaArchiver archiver;
    private final SchemaLocks locks;
    private final BackupManifests manifests;
    private final BackupEvents events;
    private final RetryPolicy retry;
    private final Compression compression;
    private final String storeName;
    private final Clock clock;
    private final Duration maxClockSkew;

    BackupService(BackupTargets targets, SchemaArchiver archiver, SchemaLocks locks, BackupManifests manifests,
                         BackupEvents events, RetryPolicy retry, Compression compression, String storeName,
                         Clock clock) {
        this(targets, archiver, locks, manifests, events, retry, compression, storeName, clock,
                DEFAULT_MAX_CLOCK_SKEW);
    }

    /**
     * @param maxClockSkew how far a request's slot may lie ahead of {@code clock} (see {@link History}); further is
     *                     refused
     */
    BackupService(BackupTargets targets, SchemaArchiver archiver, SchemaLocks locks, BackupManifests manifests,
                         BackupEvents events, RetryPolicy retry, Compression compression, String storeName,
                         Clock clock, Duration maxClockSkew) {
        this.targets = targets;
        this.archiver = archiver;
        this.locks = locks;
        this.manifests = manifests;
        this.events = events;
        this.retry = retry;
        this.compression = compression;
        this.storeName = storeName;
        this.clock = clock;
        this.maxClockSkew = maxClockSkew == null ? DEFAULT_MAX_CLOCK_SKEW : maxClockSkew;
    }

    /**
     * Validates a request. Returns the job to run, or {@code null} when another pool serves the schema.
     *
     * @throws RejectedRequestException for identifiers that are not plain names, unknown schemas or a missing
     *                                  request id, after publishing {@code backup.failed}
     */
    Job accept(BackupRequested request) {
        String refusal = refusalOf(request);
        if (refusal != null) {
            publishRefusal(request, refusal);
            throw new RejectedRequestException(refusal);
        }
        if (targets.claim(request.database(), request.schema()) == BackupTargets.Claim.OTHER_POOL) {
            log.debug("{}.{} belongs to another worker pool; skipped", request.database(), request.schema());
            return null;
        }
        return new BackupJob(request);
    }

    private String refusalOf(BackupRequested request) {
        try {
            Identifiers.requireIdentifier("database", request.database());
            Identifiers.requireIdentifier("schema", request.schema());
        } catch (InvalidIdentifierException e) {
            return e.getMessage();
        }
        if (request.requestId() == null) {
            return "requestId is missing";
        }
        if (targets.claim(request.database(), request.schema()) == BackupTargets.Claim.UNKNOWN) {
            return "schema " + request.schema() + " of database " + request.database()
                    + " is not configured for backup";
        }
        Instant slot = slotOf(request);
        if (slot == null) {
            return "neither scheduledFor nor occurredAt is set";
        }
        return History.futureSlot(slot, clock.instant(), maxClockSkew).orElse(null);
    }

    /** The moment a request is for: its {@code scheduledFor}, else its {@code occurredAt} (as {@link BackupPlan}). */
    private static Instant slotOf(BackupRequested request) {
        return request.scheduledFor() != null ? request.scheduledFor() : request.occurredAt();
    }

    /**
     * Refusals are answered on the request's own key only when that key is safe to echo; a hostile name is still
     * reported, since the event's fields are data, never a path or an argument.
     */
    private void publishRefusal(BackupRequested request, String reason) {
        UUID requestId = request.requestId() != null ? request.requestId() : request.eventId();
        events.publish(new BackupFailed(UUID.randomUUID(), clock.instant(), request.database(), request.schema(),
                requestId, 0, false, "rejected: " + reason));
    }

    private static ArchiveOutcome.Archived archivedFrom(BackupCompleted c) {
        return new ArchiveOutcome.Archived(c.sizeBytes(), c.sha256(), c.startedAt(), c.finishedAt(), c.serverVersion(),
                c.toolVersion(), c.tableRowCounts(), c.format(), c.snapshotLsn());
    }

    private final class BackupJob implements Job {

        private final BackupRequested request;
        private final AbortSignal abort = new AbortSignal();
        /** Raised by an abort or by the worker stopping: no further attempt starts. */
        private final AbortSignal noMoreAttempts = new AbortSignal();

        private BackupJob(BackupRequested request) {
            this.request = request;
        }

        @Override
        public void abort() {
            abort.abort();
            noMoreAttempts.abort();
        }

        @Override
        public void stopping() {
            noMoreAttempts.abort();
        }

        @Override
        public void failedPermanently(int deliveries, String reason) {
            // From the request alone: planning it may be what kept failing.
            events.publish(new BackupFailed(UUID.randomUUID(), clock.instant(), request.database(), request.schema(),
                    request.requestId(), deliveries, false, reason));
            log.warn("backup of {}.{} failed for good after {} deliveries: {}", request.database(), request.schema(),
                    deliveries, reason);
        }

        @Override
        public void run() {
            BackupPlan plan = BackupPlan.of(request, compression);
            for (int attempt = 1; ; attempt++) {
                ArchiveOutcome outcome = attempt(plan);
                if (outcome instanceof ArchiveOutcome.Archived) {
                    return;
                }
                if (outcome instanceof ArchiveOutcome.Aborted) {
                    throw new JobAbortedException(
                            "backup of " + plan.database() + "." + plan.schema() + " aborted; nothing stored");
                }
                ArchiveOutcome.Failed failed = (ArchiveOutcome.Failed) outcome;
                if (!failed.retryable() || attempt >= retry.maxAttempts()) {
                    fail(plan, attempt, failed);
                    return;
                }
                log.warn("backup attempt {} of {}.{} failed, retrying: {}", attempt, plan.database(), plan.schema(),
                        failed.reason());
                if (noMoreAttempts.awaitAbort(retry.backoffAfter(attempt))) {
                    throw new JobAbortedException("backup of " + plan.database() + "." + plan.schema()
                            + " not retried: the worker is stopping; the request is redelivered");
                }
            }
        }

        /**
         * One attempt under the schema lock. A backup already stored for this request is announced again instead
         * of dumped again; a new one is announced before the lock is released, so the next holder finds its
         * manifest.
         */
        private ArchiveOutcome attempt(BackupPlan requested) {
            try (SchemaLocks.Held held = locks.lock(requested.database(), requested.schema(), abort)) {
                BackupPlan plan = withFreeName(requested);
                Optional<BackupCompleted> stored = manifests.find(plan.primaryKey())
                        .filter(m -> plan.requestId().equals(m.requestId()));
                if (stored.isPresent()) {
                    log.info("request {} was already stored as {}; announcing it again", plan.requestId(),
                            plan.primaryKey());
                    events.publish(stored.get());
                    return archivedFrom(stored.get());
                }
                Optional<String> taken = keyOfAnotherBackup(plan);
                if (taken.isPresent()) {
                    return new ArchiveOutcome.Failed(taken.get(), false);
                }
                ArchiveOutcome outcome = archiver.archive(plan, abort);
                if (outcome instanceof ArchiveOutcome.Archived archived) {
                    announce(plan, archived);
                }
                return outcome;
            } catch (SchemaLocks.SchemaLockException e) {
                return abort.isAborted() ? new ArchiveOutcome.Aborted()
                        : new ArchiveOutcome.Failed("cannot lock the schema: " + e.getMessage(), true);
            } catch (UncheckedIOException e) {
                // The store is unreachable for the manifest: an attempt like any other, retried, then reported.
                return new ArchiveOutcome.Failed("object store: " + e.getMessage() + ": "
                        + (e.getCause() == null ? "" : e.getCause().getMessage()), true);
            }
        }

        /**
         * A manual or pre-restore backup (or a Redis snapshot) is named by its second: when another request's
         * backup already holds that name (a backup and the safety backup of a restore started in the same second),
         * the next free second is this one's, instead of overwriting the other. Deterministic for redeliveries: the
         * search stops at the first name that is free or already holds this request's own backup.
         */
        private BackupPlan withFreeName(BackupPlan plan) {
            if (!plan.namedBySecond()) {
                return plan;
            }
            for (int later = 0; later < MAX_NAME_SHIFT_SECONDS; later++) {
                BackupPlan candidate = later == 0 ? plan : BackupPlan.of(request, compression, later);
                Optional<BackupCompleted> holder = manifests.find(candidate.primaryKey());
                if (holder.isEmpty() || plan.requestId().equals(holder.get().requestId())) {
                    if (later > 0) {
                        log.info("{} holds another request's backup; request {} is stored as {}", plan.primaryKey(),
                                plan.requestId(), candidate.primaryKey());
                    }
                    return candidate;
                }
            }
            return plan; // refused below, naming the holder
        }

        /**
         * Why refuse: a day's key whose manifest names another request holds an announced backup (the schedule asks
         * once per day, so a second request for the same day is a replay or a forgery), and writing over it would
         * silently replace a restore point the catalog relies on. A week's or month's copy is, by the catalog's
         * rule, the newest backup of its period, so a backup of a later slot of the period replaces it, and only
         * one of a later slot ({@link History}): an old {@code scheduledFor} must not put today's data over the
         * period's newer copy. An object without a manifest was never announced (the manifest is written before
         * the event): it is what an attempt of this or an earlier request left when it died between publishing and
         * announcing, and may be replaced.
         */
        private Optional<String> keyOfAnotherBackup(BackupPlan plan) {
            for (StoredObject object : plan.objects()) {
                Optional<BackupCompleted> holder = manifests.find(object.key())
                        .filter(m -> !plan.requestId().equals(m.requestId()));
                if (holder.isEmpty()) {
                    continue;
                }
                if (object.tier() == Tier.WEEKLY || object.tier() == Tier.MONTHLY) {
                    Optional<String> refusal = History.replacing(object.key(), slotOf(request),
                            History.slotOf(holder.get()))
                            .or(() -> History.laterCopyOf(object.key(),
                                    manifests.announcedKeys(BackupNaming.areaOf(plan.database(), plan.schema()))));
                    if (refusal.isPresent()) {
                        return Optional.of(refusal.get() + " (backup " + holder.get().backupId() + " of request "
                                + holder.get().requestId() + ")");
                    }
                    continue;
                }
                return Optional.of("refusing to overwrite " + object.key() + ": it holds backup "
                        + holder.get().backupId() + " of request " + holder.get().requestId());
            }
            return Optional.empty();
        }

        private void announce(BackupPlan plan, ArchiveOutcome.Archived a) {
            BackupCompleted completed = new BackupCompleted(UUID.randomUUID(), clock.instant(), plan.database(),
                    plan.schema(), plan.requestId(), plan.backupId(), plan.tiers(), plan.objects(), storeName,
                    a.sizeBytes(), a.sha256(), compression.wireName(), a.format(), a.startedAt(),
                    a.finishedAt(), a.serverVersion(), a.toolVersion(), a.tableRowCounts(), slotOf(request),
                    a.snapshotLsn());
            // One manifest beside every object: a restore of a weekly or monthly copy finds its record too. The
            // primary's goes last: it is what a redelivered request looks for, so once it exists all of them do.
            List<String> keys = plan.keys();
            for (int i = keys.size() - 1; i >= 0; i--) {
                manifests.save(keys.get(i), completed);
            }
            events.publish(completed);
            log.info("backup of {}.{} stored as {} ({} bytes, sha256 {})", plan.database(), plan.schema(),
                    plan.keys(), a.sizeBytes(), a.sha256());
        }

        private void fail(BackupPlan plan, int attempt, ArchiveOutcome.Failed failed) {
            events.publish(new BackupFailed(UUID.randomUUID(), clock.instant(), plan.database(), plan.schema(),
                    plan.requestId(), attempt, failed.retryable(), failed.reason()));
            log.warn("backup of {}.{} failed after {} attempt(s): {}", plan.database(), plan.schema(), attempt,
                    failed.reason());
        }
    }
}
