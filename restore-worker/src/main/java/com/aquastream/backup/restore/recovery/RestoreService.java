package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pitr.PitrFailedException;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.DependentObject;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreEvent;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.events.WalEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore use case: a signed {@code restore.requested} ends in exactly one of {@code restore.rejected} (refused
 * before any database was touched), {@code restore.failed} (the target is as it was), {@code restore.completed} or
 * {@code restore.verified}.
 *
 * <p>Steps of a RESTORE: check the command (signature, identifiers, allow-list, key of the schema) on the poll
 * thread; then, off it: find the archive (the named key, else by backup id or as the newest at or before
 * {@code asOf}, from the store's records); download and verify it; refuse if objects in other schemas depend on
 * the target schema (unless {@code force}); take the PRE_RESTORE safety backup; replace the schema in one
 * transaction that also checks every recorded row count. A schema absent from the target (disaster recovery, a
 * dropped schema) has nothing to keep: it is restored without a safety backup, checked, and absent again on failure.
 * VERIFY restores into a scratch database (or a throwaway redis-server) instead and compares the counts.
 *
 * <p>A command runs at most once: its {@code restoreId} is recorded in the {@link RestoreLedger} when it is accepted
 * and again, as finished, before its answer goes out; a finished one delivered again is {@code restore.rejected}
 * (REPLAYED) and touches nothing. A command that was never accepted must be fresh: older than the maximum command age
 * or from the future beyond the allowed clock skew, it is {@code restore.rejected} (EXPIRED). A command that carries
 * the archive's {@code sha256} runs only on those bytes.
 */
final class RestoreService {

    private static final Logger log = LoggerFactory.getLogger(RestoreService.class);

    private final RestoreSignatures signatures;
    private final RestoreTargets targets;
    private final ArchiveLocator locator;
    private final ArchiveFetcher fetcher;
    private final SchemaReplacer replacer;
    private final ScratchVerifier verifier;
    private final SafetyBackups safetyBackups;
    private final RestoreEvents events;
    private final Clock clock;
    private final ToLongFunction<RestoreRequested> weights;
    private final RestoreProgress progress;
    private final RestoreLedger ledger;
    private final Freshness freshness;
    private final PointInTime pointInTime;

    /**
     * How old a command may be when it first arrives, and how far ahead of this worker's clock its issuer's may run.
     */
    record Freshness(Duration maxAge, Duration maxClockSkew) {

        /** 15 minutes, 1 minute. */
        static final Freshness DEFAULT = new Freshness(Duration.ofMinutes(15), Duration.ofMinutes(1));
    }

    /** Every command weighs the same: restores waiting for a worker start in the order they were accepted. */
    RestoreService(RestoreSignatures signatures, RestoreTargets targets, ArchiveLocator locator,
                   ArchiveFetcher fetcher, SchemaReplacer replacer, ScratchVerifier verifier,
                   SafetyBackups safetyBackups, RestoreEvents events, Clock clock) {
        this(signatures, targets, locator, fetcher, replacer, verifier, safetyBackups, events, clock,
                command -> 0);
    }

    /** With a ledger of this process only ({@link RestoreLedger#inMemory}) and the default freshness. */
    RestoreService(RestoreSignatures signatures, RestoreTargets targets, ArchiveLocator locator,
                   ArchiveFetcher fetcher, SchemaReplacer replacer, ScratchVerifier verifier,
                   SafetyBackups safetyBackups, RestoreEvents events, Clock clock,
                   ToLongFunction<RestoreRequested> weights) {
        this(signatures, targets, locator, fetcher, replacer, verifier, safetyBackups, events, clock, weights,
                RestoreLedger.inMemory(), Freshness.DEFAULT, PointInTime.unavailable(
                        "point-in-time recovery is not configured on this worker"));
    }

    /**
     * @param weights   a command's weight for scheduling ({@link ArchiveWeights}: its archive's size), asked on the
     *                  poll thread when the command is accepted
     * @param ledger    where each {@code restoreId}'s progress is remembered, shared by all instances
     * @param freshness   how old (or early) a command may be when it first arrives
     * @param pointInTime recovers the cluster to a point in time for mode PITR
     */
    RestoreService(RestoreSignatures signatures, RestoreTargets targets, ArchiveLocator locator,
                   ArchiveFetcher fetcher, SchemaReplacer replacer, ScratchVerifier verifier,
                   SafetyBackups safetyBackups, RestoreEvents events, Clock clock,
                   ToLongFunction<RestoreRequested> weights, RestoreLedger ledger, Freshness freshness,
                   PointInTime pointInTime) {
        this.ledger = ledger;
        this.freshness = freshness;
        this.pointInTime = pointInTime;
        this.signatures = signatures;
        this.targets = targets;
        this.locator = locator;
        this.fetcher = fetcher;
        this.replacer = replacer;
        this.verifier = verifier;
        this.safetyBackups = safetyBackups;
        this.events = events;
        this.clock = clock;
        this.weights = weights;
        this.progress = new RestoreProgress(clock);
    }

    /** The restores running now and their steps. */
    RestoreProgress progress() {
        return progress;
    }

    /**
     * Checks a command and returns the restore to run.
     *
     * @throws RejectedCommandException after publishing {@code restore.rejected}
     */
    Job accept(RestoreRequested command) {
        String refusal = refusalOf(command);
        if (refusal != null) {
            refuse(command, refusal, RestoreRejected.INVALID_COMMAND);
        }
        Instant arrived = clock.instant();
        boolean admitted = admitOnArrival(command, arrived);
        long weight = weights.applyAsLong(command);
        return new Job() {
            @Override
            public void run() {
                if (!admitted && !admitLate(command, arrived)) {
                    return;
                }
                execute(command);
            }

            @Override
            public long weight() {
                return weight;
            }

            @Override
            public void abort() {
                // A restore is one transaction: a killed run rolls back and the command is redone.
            }

            @Override
            public void failedPermanently(int deliveries, String reason) {
                fail(command, reason + "; " + command.targetDatabaseOrDefault() + "." + command.schema()
                        + " is as it was before");
            }
        };
    }

    /** Why a signed command is not run: replayed or stale. */
    private record Refusal(String code, String reason) {
    }

    /**
     * Refuses a replay or a stale command ({@link RejectedCommandException}, dead-lettered), else records it as
     * accepted and returns true; false when the ledger cannot be read now (the job checks again when it starts, and a
     * store that stays down ends in the usual redeliveries and {@code restore.failed}). Checked after the signature,
     * so only the issuers' commands ever reach the ledger.
     */
    private boolean admitOnArrival(RestoreRequested c, Instant arrived) {
        Refusal refusal;
        try {
            refusal = admission(c, arrived);
        } catch (IOException e) {
            log.warn("restore {}: the restore ledger cannot be read now ({}); checked again when the restore starts",
                    c.restoreId(), e.toString());
            return false;
        }
        if (refusal != null) {
            refuse(c, refusal.reason(), refusal.code());
        }
        return true;
    }

    /** {@link #admitOnArrival} off the poll thread; false when the command was answered instead. */
    private boolean admitLate(RestoreRequested c, Instant arrived) {
        Refusal refusal;
        try {
            refusal = admission(c, arrived);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the restore ledger for " + c.restoreId(), e);
        }
        if (refusal != null) {
            log.warn("restore {} rejected ({}): {}", c.restoreId(), refusal.code(), refusal.reason());
            events.publish(rejected(c, refusal.reason(), refusal.code(), c.backupId()));
            return false;
        }
        return true;
    }

    /**
     * Null when the command may run (recorded as accepted), else why not. A command ACCEPTED before is delivered
     * again after its worker died (or its restore threw): it was on time when it came first, so it is redone,
     * however long that took.
     */
    private Refusal admission(RestoreRequested c, Instant arrived) throws IOException {
        Optional<RestoreLedger.State> state = ledger.stateOf(c.restoreId());
        if (state.isPresent() && state.get() == RestoreLedger.State.FINISHED) {
            return new Refusal(RestoreRejected.REPLAYED, replayed(c));
        }
        if (state.isEmpty()) {
            String stale = stalenessOf(c, arrived);
            if (stale != null) {
                return new Refusal(RestoreRejected.EXPIRED, stale);
            }
            ledger.accepted(c);
        }
        return null;
    }

    private static String replayed(RestoreRequested c) {
        return "restore " + c.restoreId() + " already ran; a command runs at most once, so this delivery (a command"
                + " sent again, a replayed topic) touched nothing. Send a new command to restore again";
    }

    /** Judged at the command's arrival, so time spent waiting in this worker's queue does not count. */
    private String stalenessOf(RestoreRequested c, Instant now) {
        if (c.occurredAt().isBefore(now.minus(freshness.maxAge()))) {
            return "the command was issued at " + c.occurredAt() + ", more than " + freshness.maxAge()
                    + " (restore.max-command-age) before it arrived at " + now + "; send a new command";
        }
        if (c.occurredAt().isAfter(now.plus(freshness.maxClockSkew()))) {
            return "the command claims to be issued at " + c.occurredAt() + ", in the future (this worker's clock: "
                    + now + ", allowed skew " + freshness.maxClockSkew() + "); check the issuer's clock";
        }
        return null;
    }

    private String refusalOf(RestoreRequested c) {
        if (c.restoreId() == null) {
            return "restoreId is missing";
        }
        if (c.occurredAt() == null) {
            return "occurredAt is missing";
        }
        if (!signatures.verify(c)) {
            return "the command is unsigned or its signature does not match";
        }
        if (!Identifiers.isIdentifier(c.database()) || !Identifiers.isIdentifier(c.schema())
                || !Identifiers.isIdentifier(c.targetDatabaseOrDefault())) {
            return "database, schema or target database is not a plain identifier";
        }
        if (c.mode() == null) {
            return "mode is missing (RESTORE, VERIFY or PITR)";
        }
        boolean redis = RestoreTargets.REDIS.equals(c.database());
        if (c.mode() == RestoreMode.PITR) {
            return pitrRefusalOf(c, redis);
        }
        if (redis && c.mode() == RestoreMode.PITR_VERIFY) {
            return "Redis has no point-in-time recovery: send mode VERIFY to check a snapshot";
        }
        if (redis && c.mode() == RestoreMode.RESTORE) {
            return "the restore-worker does not replace a Redis server's data: restoring a snapshot means stopping"
                    + " that server and placing the file on its host; run bin/restore-redis there (SERVICE.md,"
                    + " \"Restoring Redis\"), or send mode VERIFY to check the snapshot";
        }
        // A VERIFY of Redis writes into a throwaway redis-server only, so no target database is involved.
        if (!redis && !targets.allows(c.targetDatabaseOrDefault())) {
            return "target database " + c.targetDatabaseOrDefault() + " is not on the restore allow-list";
        }
        if (c.key() != null && !BackupNaming.isObjectOf(c.key(), c.database(), c.schema())) {
            return "key " + c.key() + " is not an archive of " + c.database() + "." + c.schema();
        }
        if (c.sha256() != null && !c.sha256().matches("[0-9a-fA-F]{64}")) {
            return "sha256 is not 64 hex digits";
        }
        return null;
    }

    /** A PITR command names a target time and either a schema or the whole cluster, never an archive. */
    private String pitrRefusalOf(RestoreRequested c, boolean redis) {
        if (redis) {
            return "Redis has no point-in-time recovery: restore a snapshot instead";
        }
        if (c.asOf() == null) {
            return "mode PITR needs asOf, the moment to recover to";
        }
        if (c.key() != null || c.backupId() != null || c.sha256() != null) {
            return "mode PITR recovers from the cluster's base backups and WAL archive; it takes no key, backupId"
                    + " or sha256";
        }
        if (!WalEvent.CLUSTER_SCHEMA.equals(c.schema()) && !targets.allows(c.targetDatabaseOrDefault())) {
            return "target database " + c.targetDatabaseOrDefault() + " is not on the restore allow-list";
        }
        return null;
    }

    private void execute(RestoreRequested c) {
        progress.begin(c);
        try {
            if (finished(c)) {
                // The same command delivered twice before the first ran (both waited in the queue).
                log.warn("restore {} rejected ({}): {}", c.restoreId(), RestoreRejected.REPLAYED, replayed(c));
                events.publish(rejected(c, replayed(c), RestoreRejected.REPLAYED, c.backupId()));
                return;
            }
            execute(c, clock.instant());
        } finally {
            progress.end(c.restoreId());
        }
    }

    private void execute(RestoreRequested c, Instant started) {
        log.info("restore {}: started, {} of {}.{} into {}", c.restoreId(), c.mode(), c.database(), c.schema(),
                c.targetDatabaseOrDefault());
        if (c.mode() == RestoreMode.PITR) {
            if (WalEvent.CLUSTER_SCHEMA.equals(c.schema())) {
                recoverCluster(c, started);
            } else {
                recoverSchema(c, started);
            }
            return;
        }
        if (c.mode() == RestoreMode.PITR_VERIFY) {
            verifyAtSnapshot(c, started);
            return;
        }
        VerifiedArchive archive;
        try {
            String key = c.key() != null ? c.key()
                    : locator.locate(c.database(), c.schema(), c.backupId(), c.asOf());
            progress.archive(c.restoreId(), key, 0);
            progress.step(c.restoreId(), RestoreProgress.Step.DOWNLOADING);
            Instant downloading = clock.instant();
            archive = fetcher.fetch(key);
            long bytes = archive.file().toFile().length();
            progress.archive(c.restoreId(), key, bytes);
            log.info("restore {}: {} downloaded and verified ({} MB in {} ms)", c.restoreId(), key,
                    bytes / (1024 * 1024), millisSince(downloading));
        } catch (ArchiveFetcher.ArchiveRejectedException e) {
            reject(c, e.getMessage(), e.corrupt() ? RestoreRejected.CHECKSUM_MISMATCH
                    : RestoreRejected.ARCHIVE_UNAVAILABLE, e.backupId() != null ? e.backupId() : c.backupId());
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the archive of " + c.database() + "." + c.schema(), e);
        }
        try {
            if (c.sha256() != null && !c.sha256().equalsIgnoreCase(archive.sha256())) {
                reject(c, "the bytes of " + archive.key() + " have SHA-256 " + archive.sha256() + ", but the command"
                        + " was issued for an archive with SHA-256 " + c.sha256().toLowerCase(java.util.Locale.ROOT)
                        + " (the object was replaced, or the command names another archive); nothing was touched",
                        RestoreRejected.CHECKSUM_MISMATCH, archive.backupId() != null ? archive.backupId()
                                : c.backupId());
            } else if (c.backupId() != null && archive.backupId() != null && !c.backupId().equals(archive.backupId())) {
                reject(c, "key " + archive.key() + " holds backup " + archive.backupId() + ", not the commanded "
                        + c.backupId(), RestoreRejected.INVALID_COMMAND, c.backupId());
            } else if (c.mode() == RestoreMode.VERIFY) {
                verify(c, archive, started);
            } else {
                restore(c, archive, started, null, null);
            }
        } finally {
            deleteQuietly(archive);
        }
    }

    /**
     * PITR of one schema: the schema as it was at {@code asOf}, from a throw-away recovery of the cluster, then the
     * same safety backup and exact, atomic replace as a restore of a backup.
     */
    private void recoverSchema(RestoreRequested c, Instant started) {
        progress.step(c.restoreId(), RestoreProgress.Step.RECOVERING);
        PointInTime.SchemaAsOf asOf;
        try {
            asOf = pointInTime.schemaAsOf(c.database(), c.schema(), c.asOf());
        } catch (PitrFailedException e) {
            answerPitrFailure(c, e);
            return;
        } catch (PointInTime.SchemaAbsentException e) {
            reject(c, e.getMessage() + "; nothing was touched", RestoreRejected.ARCHIVE_UNAVAILABLE, null);
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("recovering " + c.database() + "." + c.schema() + " to " + c.asOf(), e);
        }
        log.info("restore {}: {}.{} recovered to {} (last commit {}{}) from base backup {}", c.restoreId(),
                c.database(), c.schema(), c.asOf(), asOf.reachedAt(), asOf.endOfArchive()
                        ? ", the archive ended before the target" : "", asOf.archive().key());
        progress.archive(c.restoreId(), asOf.archive().key(), asOf.archive().file().toFile().length());
        try {
            restore(c, asOf.archive(), started, asOf.reachedAt(), asOf.endOfArchive());
        } finally {
            deleteQuietly(asOf.archive());
        }
    }

    /** PITR of the whole cluster: a recovered, promoted data directory, and the steps to put it into service. */
    private void recoverCluster(RestoreRequested c, Instant started) {
        progress.step(c.restoreId(), RestoreProgress.Step.RECOVERING);
        PointInTime.ClusterAsOf cluster;
        try {
            cluster = pointInTime.clusterAsOf(c.asOf());
        } catch (PitrFailedException e) {
            answerPitrFailure(c, e);
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("recovering cluster " + c.database() + " to " + c.asOf(), e);
        }
        log.info("restore {}: {}", c.restoreId(), cluster.steps());
        conclude(c, new RestoreCompleted(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
                c.restoreId(), cluster.baseBackupId(), cluster.baseBackupKey(), cluster.baseBackupSha256(),
                millisSince(started), List.of(), null, cluster.reachedAt(), cluster.endOfArchive(),
                cluster.dataDirectory().toString(), cluster.steps()));
    }

    /**
     * The PITR drill: the cluster recovered, in a throw-away server, to the WAL position of a logical backup's
     * snapshot, and the schema's row counts there compared with the backup's. Two independent backups of the same
     * moment agree, or the drill fails naming the tables. Touches no database.
     */
    private void verifyAtSnapshot(RestoreRequested c, Instant started) {
        String key;
        BackupCompleted record;
        try {
            key = c.key() != null ? c.key() : locator.locate(c.database(), c.schema(), c.backupId(), c.asOf());
            progress.archive(c.restoreId(), key, 0);
            record = fetcher.recordOf(key);
        } catch (ArchiveFetcher.ArchiveRejectedException e) {
            reject(c, e.getMessage(), RestoreRejected.ARCHIVE_UNAVAILABLE, c.backupId());
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the record of " + c.database() + "." + c.schema(), e);
        }
        if (c.sha256() != null && !c.sha256().equalsIgnoreCase(record.sha256())) {
            reject(c, "backup " + key + " is recorded with SHA-256 " + record.sha256() + ", but the command was issued"
                    + " for " + c.sha256().toLowerCase(java.util.Locale.ROOT), RestoreRejected.CHECKSUM_MISMATCH,
                    record.backupId());
            return;
        }
        if (record.snapshotLsn() == null) {
            reject(c, "backup " + key + " records no WAL position of its snapshot (taken before v1.3, or from a"
                    + " standby): there is no known point to recover to", RestoreRejected.ARCHIVE_UNAVAILABLE,
                    record.backupId());
            return;
        }
        progress.step(c.restoreId(), RestoreProgress.Step.RECOVERING);
        Map<String, Long> found;
        try {
            found = pointInTime.rowCountsAt(c.database(), c.schema(), record.snapshotLsn());
        } catch (PitrFailedException e) {
            answerPitrFailure(c, e);
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("recovering to the snapshot of " + key, e);
        }
        Map<String, Long> expected = record.tableRowCounts() == null ? Map.of() : record.tableRowCounts();
        java.util.TreeSet<String> tables = new java.util.TreeSet<>(expected.keySet());
        tables.addAll(found.keySet());
        List<TableCheck> checks = tables.stream().map(t -> new TableCheck(t, expected.getOrDefault(t, 0L),
                found.getOrDefault(t, 0L))).toList();
        List<String> differing = checks.stream().filter(t -> !t.matches())
                .map(t -> t.table() + " (backup " + t.expected() + " rows, recovered " + t.found() + ")").toList();
        if (!differing.isEmpty()) {
            fail(c, "PITR drill: the cluster recovered to the snapshot of " + key + " (WAL position "
                    + record.snapshotLsn() + ") differs from the backup: " + String.join(", ", differing)
                    + " (a commit racing the backup's snapshot can account for a row or two of a busy table)");
            return;
        }
        log.info("restore {}: PITR drill of {}.{}: the WAL archive agrees with {} at {} ({} tables)", c.restoreId(),
                c.database(), c.schema(), key, record.snapshotLsn(), checks.size());
        conclude(c, new RestoreVerified(UUID.randomUUID(), clock.instant(), c.database(), c.schema(), c.restoreId(),
                record.backupId(), key, record.sha256(), millisSince(started), checks));
    }

    /** No base backup early enough: refused, nothing touched. A damaged archive: failed, naming the segment. */
    private void answerPitrFailure(RestoreRequested c, PitrFailedException e) {
        if (e.reason() == PitrFailedException.Reason.NO_BASE_BACKUP) {
            reject(c, e.getMessage() + "; nothing was touched", RestoreRejected.ARCHIVE_UNAVAILABLE, null);
        } else {
            fail(c, e.getMessage() + "; " + (WalEvent.CLUSTER_SCHEMA.equals(c.schema()) ? "nothing was written"
                    : c.targetDatabaseOrDefault() + "." + c.schema() + " is as it was before"));
        }
    }

    /** {@code recoveredTo} and {@code endOfArchive}: a PITR's, null for a restore of an archive. */
    private void restore(RestoreRequested c, VerifiedArchive archive, Instant started, Instant recoveredTo,
                         Boolean endOfArchive) {
        String target = c.targetDatabaseOrDefault();
        List<DependentObject> dependents = List.of();
        try {
            replacer.createDatabaseIfMissing(target);
            // A redelivered command whose first worker died during a parallel restore: its partial schema is no
            // state to keep (nor to take a safety backup of), so the target goes back to before that attempt.
            if (replacer.discardUnfinishedRestore(target, c.schema())) {
                log.warn("restore {}: dropped the unfinished restore of {}.{} left by an earlier attempt",
                        c.restoreId(), target, c.schema());
            }
            if (replacer.schemaExists(target, c.schema())) {
                Optional<List<DependentObject>> replaced = replaceExisting(c, archive, target);
                if (replaced.isEmpty()) {
                    return;
                }
                dependents = replaced.get();
            } else {
                // Nothing to keep (disaster recovery, or a dropped schema): no safety backup.
                log.info("restore {}: {}.{} does not exist; restoring it without a safety backup", c.restoreId(),
                        target, c.schema());
                progress.step(c.restoreId(), RestoreProgress.Step.RESTORING);
                replacer.restoreAbsent(target, c.schema(), archive);
            }
        } catch (SchemaReplacer.RestoreFailedException e) {
            fail(c, e.getMessage() + "; " + target + "." + c.schema() + " is as it was before");
            return;
        }
        conclude(c, new RestoreCompleted(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
                c.restoreId(), archive.backupId(), archive.key(), archive.sha256(), millisSince(started),
                recordedChecks(archive), dependents.isEmpty() ? null : dependents, recoveredTo, endOfArchive, null,
                null));
        log.info("restore {}: {}.{} replaced by {}", c.restoreId(), target, c.schema(), archive.key());
    }

    /**
     * The atomic path; empty when the restore was refused or failed and its event is published, else the objects of
     * other schemas that were dropped with the schema (a forced restore re-creates them), each RECREATED or LOST.
     */
    private Optional<List<DependentObject>> replaceExisting(RestoreRequested c, VerifiedArchive archive,
                                                            String target)
            throws SchemaReplacer.RestoreFailedException {
        List<SchemaReplacer.Dependent> dependents = replacer.dependentsOutside(target, c.schema());
        if (!dependents.isEmpty()) {
            String listed = describe(dependents);
            List<SchemaReplacer.Dependent> holdingData = dependents.stream()
                    .filter(SchemaReplacer.Dependent::holdsData).toList();
            if (!c.forceOrDefault()) {
                reject(c, "objects in other schemas depend on " + c.schema() + " and would be dropped: " + listed
                        + " (send force=true to restore anyway: they are re-created after the restore, and any"
                        + " that no longer fits is reported lost)", RestoreRejected.DEPENDENTS, archive.backupId());
                return Optional.empty();
            }
            // Even forced: dropping a column of one of the schema's types (or a table, a sequence) destroys data
            // that no restore of this schema brings back, and invariant 5 says a restore never loses data.
            if (!holdingData.isEmpty()) {
                reject(c, "objects in other schemas hold data that dropping " + c.schema() + " would destroy and no"
                        + " restore of it brings back, so the restore is refused even with force=true: "
                        + describe(holdingData) + " (convert or drop them first, e.g. ALTER TABLE … ALTER COLUMN …"
                        + " TYPE text, then send a new command)", RestoreRejected.DEPENDENTS,
                        archive.backupId());
                return Optional.empty();
            }
            log.warn("restore {}: force is set; {}.{} has dependents in other schemas, which the restore drops and"
                    + " re-creates: {}", c.restoreId(), target, c.schema(), listed);
        }
        if (c.safetyBackupOrDefault()) {
            progress.step(c.restoreId(), RestoreProgress.Step.SAFETY_BACKUP);
            SafetyBackups.Outcome safety = safetyBackups.take(c, target);
            if (safety instanceof SafetyBackups.Outcome.Failed failed) {
                fail(c, "the PRE_RESTORE safety backup failed, nothing was restored: " + failed.reason());
                return Optional.empty();
            }
            log.info("restore {}: safety backup stored as {}", c.restoreId(),
                    ((SafetyBackups.Outcome.Taken) safety).key());
        }
        progress.step(c.restoreId(), RestoreProgress.Step.RESTORING);
        List<DependentObject> dropped = replacer.replace(target, c.schema(), archive, c.forceOrDefault());
        logDependents(c, dropped);
        return Optional.of(dropped);
    }

    /** One line per object of another schema the restore dropped: what it is and whether it is back. */
    private static void logDependents(RestoreRequested c, List<DependentObject> dropped) {
        long lost = dropped.stream().filter(d -> !d.recreated()).count();
        if (dropped.isEmpty()) {
            return;
        }
        log.info("restore {}: {} object(s) of other schemas were dropped with {}: {} re-created, {} lost",
                c.restoreId(), dropped.size(), c.schema(), dropped.size() - lost, lost);
        for (DependentObject d : dropped) {
            if (d.recreated()) {
                log.info("restore {}: re-created {}.{} ({}){}", c.restoreId(), d.schema(), d.name(), d.kind(),
                        d.reason() == null ? "" : ": " + d.reason());
            } else {
                log.warn("restore {}: LOST {}.{} ({}): {}; to re-create it: {}", c.restoreId(), d.schema(), d.name(),
                        d.kind(), d.reason(), d.definition());
            }
        }
    }

    private static String describe(List<SchemaReplacer.Dependent> dependents) {
        return String.join(", ", dependents.stream().map(SchemaReplacer.Dependent::describe).toList());
    }

    private void verify(RestoreRequested c, VerifiedArchive archive, Instant started) {
        List<TableCheck> checks;
        progress.step(c.restoreId(), RestoreProgress.Step.VERIFYING);
        try {
            checks = verifier.verify(c.schema(), archive);
        } catch (SchemaReplacer.RestoreFailedException e) {
            fail(c, "verification restore failed: " + e.getMessage());
            return;
        }
        List<String> differing = checks.stream().filter(t -> !t.matches())
                .map(t -> t.table() + " (expected " + t.expected() + " rows, found " + t.found() + ")").toList();
        if (!differing.isEmpty()) {
            fail(c, "verification found differing tables: " + String.join(", ", differing));
            return;
        }
        conclude(c, new RestoreVerified(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
                c.restoreId(), archive.backupId(), archive.key(), archive.sha256(), millisSince(started), checks));
    }

    /** The replace transaction fails unless every recorded count is found, so found equals expected here. */
    private static List<TableCheck> recordedChecks(VerifiedArchive archive) {
        return archive.tableRowCounts().entrySet().stream()
                .map(e -> new TableCheck(e.getKey(), e.getValue(), e.getValue())).toList();
    }

    private long millisSince(Instant started) {
        return Duration.between(started, clock.instant()).toMillis();
    }

    /**
     * Answers a command refused on arrival: published, not recorded (it never ran).
     *
     * @throws RejectedCommandException always
     */
    private void refuse(RestoreRequested c, String reason, String code) {
        log.warn("restore {} rejected ({}): {}", c.restoreId(), code, reason);
        events.publish(rejected(c, reason, code, c.backupId()));
        throw new RejectedCommandException(reason);
    }

    /** A checksum mismatch names the backup, so the catalog can mark it CORRUPT. */
    private void reject(RestoreRequested c, String reason, String code, UUID backupId) {
        log.warn("restore {} rejected ({}): {}", c.restoreId(), code, reason);
        conclude(c, rejected(c, reason, code, backupId));
    }

    private RestoreRejected rejected(RestoreRequested c, String reason, String code, UUID backupId) {
        return new RestoreRejected(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
                c.restoreId() != null ? c.restoreId() : c.eventId(), reason, backupId, c.key(), code);
    }

    private void fail(RestoreRequested c, String reason) {
        log.error("restore {} failed: {}", c.restoreId(), reason);
        conclude(c, new RestoreFailed(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
                c.restoreId(), reason));
    }

    /**
     * Publishes the answer of an accepted command after recording it as finished, so a delivery of it after this
     * point is a replay. (A worker that dies between the two leaves a finished command without an answer, which
     * its redelivery answers REPLAYED: better than running a restore twice.)
     */
    private void conclude(RestoreRequested c, RestoreEvent answer) {
        try {
            ledger.finished(c, answer.getClass().getSimpleName());
        } catch (IOException e) {
            throw new UncheckedIOException("recording restore " + c.restoreId() + " as finished", e);
        }
        events.publish(answer);
    }

    private boolean finished(RestoreRequested c) {
        try {
            return ledger.stateOf(c.restoreId()).filter(s -> s == RestoreLedger.State.FINISHED).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the restore ledger for " + c.restoreId(), e);
        }
    }

    private static void deleteQuietly(VerifiedArchive archive) {
        try {
            Files.deleteIfExists(archive.file());
        } catch (IOException e) {
            log.warn("could not delete the temporary archive {}: {}", archive.file(), e.toString());
        }
    }
}
