package com.aquastream.backup.catalog.restores;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.BackupOutcomes;
import com.aquastream.backup.catalog.backups.Recorded;
import com.aquastream.backup.catalog.backups.ResultTrust;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Records what the restore-worker answered: the restore's terminal state, and what it says about the backup —
 * {@code restore.verified} sets its {@code verifiedAt}, a failed or rejected verification its
 * {@code verificationFailedAt}, a checksum mismatch marks it CORRUPT. Idempotent like the backup results: an event id
 * seen before changes nothing, and the first terminal answer of a restore stays (a later answer to a replayed command
 * cannot turn a completed restore into a rejected one).
 */
public final class RestoreOutcomes {

    private final BackupCatalog catalog;
    private final RestoreLog restores;
    private final Transactions transactions;
    private final Consumer<Backup> onVerified;
    private final Clock clock;
    private final ResultTrust trust;

    RestoreOutcomes(BackupCatalog catalog, RestoreLog restores, Transactions transactions,
                           Consumer<Backup> onVerified, Clock clock) {
        this(catalog, restores, transactions, onVerified, clock,
                new ResultTrust(clock, ResultTrust.DEFAULT_MAX_CLOCK_SKEW, BackupOutcomes.NONE));
    }

    /**
     * @param trust refuses an answer stamped in the future beyond the clock skew (it would set a backup's
     *              {@code verifiedAt} ahead of every real drill)
     */
    RestoreOutcomes(BackupCatalog catalog, RestoreLog restores, Transactions transactions,
                           Consumer<Backup> onVerified, Clock clock, ResultTrust trust) {
        this.trust = trust;
        this.catalog = catalog;
        this.restores = restores;
        this.transactions = transactions;
        this.onVerified = onVerified;
        this.clock = clock;
    }

    /** A completed restore; a point-in-time recovery's also what it reached (recorded on the restore). */
    public Recorded completed(RestoreCompleted e) {
        Restore.Recovery recovery = Restore.Recovery.ofNullable(e.recoveredTo(), e.endOfArchive(),
                e.dataDirectory(), e.nextSteps());
        return record(new Answer(e.eventId(), Topics.RESTORE_COMPLETED, e.database(), e.schema(), e.restoreId(),
                RestoreStatus.COMPLETED, null, e.durationMs(), e.occurredAt(), e.backupId(), e.key(),
                recovery == null ? RestoreMode.RESTORE : RestoreMode.PITR, recovery));
    }

    public Recorded verified(RestoreVerified e) {
        return record(new Answer(e.eventId(), Topics.RESTORE_VERIFIED, e.database(), e.schema(), e.restoreId(),
                RestoreStatus.VERIFIED, null, e.durationMs(), e.occurredAt(), e.backupId(), e.key(),
                RestoreMode.VERIFY, null));
    }

    public Recorded failed(RestoreFailed e) {
        return record(new Answer(e.eventId(), Topics.RESTORE_FAILED, e.database(), e.schema(), e.restoreId(),
                RestoreStatus.FAILED, e.reason() == null ? "unknown" : e.reason(), null, e.occurredAt(), null, null,
                null, null));
    }

    /** A rejection; with code {@code CHECKSUM_MISMATCH} the backup it named is marked CORRUPT, whoever asked. */
    public Recorded rejected(RestoreRejected e) {
        String reason = (e.code() == null ? "" : e.code() + ": ") + (e.reason() == null ? "unknown" : e.reason());
        return record(new Answer(e.eventId(), Topics.RESTORE_REJECTED, e.database(), e.schema(), e.restoreId(),
                RestoreStatus.REJECTED, reason, null, e.occurredAt(), e.backupId(), e.key(), null, null),
                RestoreRejected.CHECKSUM_MISMATCH.equals(e.code()));
    }

    private Recorded record(Answer answer) {
        return record(answer, false);
    }

    private Recorded record(Answer a, boolean checksumMismatch) {
        SchemaRef schema = new SchemaRef(a.database(), a.schema());
        java.util.Objects.requireNonNull(a.restoreId(), "restoreId");
        trust.requireNotInTheFuture(a.topic(), schema, ResultTrust.times("occurredAt", a.at()));
        Instant now = clock.instant();
        Result result = transactions.inTransaction(() -> {
            catalog.lockSchema(schema);
            if (!catalog.markProcessed(a.eventId(), a.topic(), now)) {
                return new Result(Recorded.DUPLICATE_EVENT, null);
            }
            Optional<Restore> known = restores.find(a.restoreId());
            Restore restore = known.orElseGet(() -> heardOf(a));
            boolean first = !restore.status().isTerminal();
            if (first) {
                restore = restore.finished(a.status(), a.reason(), a.durationMs(), a.at(), a.backupId(), a.key(),
                        a.recovery());
                restores.save(restore);
            }
            UUID backupId = restore.backupId() != null ? restore.backupId() : a.backupId();
            Backup changed = backupId == null ? null
                    : judgeBackup(schema, backupId, a, restore.mode(), checksumMismatch).orElse(null);
            return new Result(first || changed != null ? Recorded.NEW : Recorded.ALREADY_KNOWN,
                    a.status() == RestoreStatus.VERIFIED ? changed : null);
        });
        if (result.verified() != null) {
            onVerified.accept(result.verified());
        }
        return result.recorded();
    }

    /** What the answer says about the backup itself; only a backup of the event's own schema is touched. */
    private Optional<Backup> judgeBackup(SchemaRef schema, UUID backupId, Answer a, RestoreMode mode,
                                         boolean checksumMismatch) {
        Optional<Backup> known = catalog.find(backupId)
                .filter(b -> b.database().equals(schema.database()) && b.schema().equals(schema.schema()));
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Backup backup = known.get();
        Backup judged = backup;
        if (a.status() == RestoreStatus.VERIFIED) {
            judged = backup.withVerifiedAt(a.at());
        } else if (mode == RestoreMode.VERIFY
                && (a.status() == RestoreStatus.FAILED || a.status() == RestoreStatus.REJECTED)) {
            judged = backup.withVerificationFailed(a.at(), a.reason());
        }
        if (checksumMismatch && judged.status() == BackupStatus.COMPLETED) {
            // Retention then neither counts nor deletes it, and the status check shows ✗.
            judged = judged.withStatus(BackupStatus.CORRUPT);
        }
        if (judged.equals(backup)) {
            return Optional.empty();
        }
        catalog.save(judged);
        return Optional.of(judged);
    }

    /** A restore someone else issued (the CLI): only what its answer tells. */
    private static Restore heardOf(Answer a) {
        return new Restore(a.restoreId(), null, a.database(), a.schema(), a.backupId(), a.key(), null, a.mode(), null,
                null, null, null, null, RestoreStatus.REQUESTED, null, null, null, null);
    }

    private record Answer(UUID eventId, String topic, String database, String schema, UUID restoreId,
                          RestoreStatus status, String reason, Long durationMs, Instant at, UUID backupId, String key,
                          RestoreMode mode, Restore.Recovery recovery) {
    }

    private record Result(Recorded recorded, Backup verified) {
    }
}
