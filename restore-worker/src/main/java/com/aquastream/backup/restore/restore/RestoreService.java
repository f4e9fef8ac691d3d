package com.aquastream.backup.restore.restore;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.DependentObject;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.TableCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 */
public final class RestoreService {

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

    /** Every command weighs the same: restores waiting for a worker start in the order they were accepted. */
    public RestoreService(RestoreSignatures signatures, RestoreTargets targets, ArchiveLocator locator,
                          ArchiveFetcher fetcher, SchemaReplacer replacer, ScratchVerifier verifier,
                          SafetyBackups safetyBackups, RestoreEvents events, Clock clock) {
        this(signatures, targets, locator, fetcher, replacer, verifier, safetyBackups, events, clock,
                command -> 0);
    }

    /**
     * @param weights a command's weight for scheduling ({@link ArchiveWeights}: its archive's size), asked on the
     *                poll thread when the command is accepted
     */
    public RestoreService(RestoreSignatures signatures, RestoreTargets targets, ArchiveLocator locator,
                          ArchiveFetcher fetcher, SchemaReplacer replacer, ScratchVerifier verifier,
                          SafetyBackups safetyBackups, RestoreEvents events, Clock clock,
                          ToLongFunction<RestoreRequested> weights) {
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
    public RestoreProgress progress() {
        return progress;
    }

    /**
     * Checks a command and returns the restore to run.
     *
     * @throws RejectedCommandException after publishing {@code restore.rejected}
     */
    public Job accept(RestoreRequested command) {
        String refusal = refusalOf(command);
        if (refusal != null) {
            reject(command, refusal, RestoreRejected.INVALID_COMMAND, command.backupId());
            throw new RejectedCommandException(refusal);
        }
        long weight = weights.applyAsLong(command);
        return new Job() {
            @Override
            public void run() {
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

    private String refusalOf(RestoreRequested c) {
        if (c.restoreId() == null) {
            return "restoreId is missing";
        }
        if (!signatures.verify(c)) {
            return "the command is unsigned or its signature does not match";
        }
        if (!Identifiers.isIdentifier(c.database()) || !Identifiers.isIdentifier(c.schema())
                || !Identifiers.isIdentifier(c.targetDatabaseOrDefault())) {
            return "database, schema or target database is not a plain identifier";
        }
        if (c.mode() == null) {
            return "mode is missing (RESTORE or VERIFY)";
        }
        boolean redis = RestoreTargets.REDIS.equals(c.database());
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
        return null;
    }

    private void execute(RestoreRequested c) {
        progress.begin(c);
        try {
            execute(c, clock.instant());
        } finally {
            progress.end(c.restoreId());
        }
    }

    private void execute(RestoreRequested c, Instant started) {
        log.info("restore {}: started, {} of {}.{} into {}", c.restoreId(), c.mode(), c.database(), c.schema(),
                c.targetDatabaseOrDefault());
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
            if (c.backupId() != null && archive.backupId() != null && !c.backupId().equals(archive.backupId())) {
                reject(c, "key " + archive.key() + " holds backup " + archive.backupId() + ", not the commanded "
                        + c.backupId(), RestoreRejected.INVALID_COMMAND, c.backupId());
            } else if (c.mode() == RestoreMode.VERIFY) {
                verify(c, archive, started);
            } else {
                restore(c, archive, started);
            }
        } finally {
            deleteQuietly(archive);
        }
    }

    private void restore(RestoreRequested c, VerifiedArchive archive, Instant started) {
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
        events.publish(new RestoreCompleted(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
                c.restoreId(), archive.backupId(), archive.key(), archive.sha256(), millisSince(started),
                recordedChecks(archive), dependents.isEmpty() ? null : dependents));
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
                        + " TYPE text, then send the command again)", RestoreRejected.DEPENDENTS,
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
        events.publish(new RestoreVerified(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
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

    /** A checksum mismatch names the backup, so the catalog can mark it CORRUPT. */
    private void reject(RestoreRequested c, String reason, String code, UUID backupId) {
        log.warn("restore {} rejected ({}): {}", c.restoreId(), code, reason);
        events.publish(new RestoreRejected(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
                c.restoreId() != null ? c.restoreId() : c.eventId(), reason, backupId,
                c.key(), code));
    }

    private void fail(RestoreRequested c, String reason) {
        log.error("restore {} failed: {}", c.restoreId(), reason);
        events.publish(new RestoreFailed(UUID.randomUUID(), clock.instant(), c.database(), c.schema(),
                c.restoreId(), reason));
    }

    private static void deleteQuietly(VerifiedArchive archive) {
        try {
            Files.deleteIfExists(archive.file());
        } catch (IOException e) {
            log.warn("could not delete the temporary archive {}: {}", archive.file(), e.toString());
        }
    }
}
