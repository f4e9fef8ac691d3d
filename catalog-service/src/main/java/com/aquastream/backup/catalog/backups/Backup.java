package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.events.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One backup of one schema as the catalog remembers it: what was requested, what the worker stored (or why it
 * failed), and what the catalog decided since (pinned, expired).
 *
 * <p>{@code requestedAt} orders a schema's history: the slot of a scheduled request, the moment of a manual one
 * (when the catalog issued the request itself), else the best the result event tells ({@code startedAt} of a
 * completion, {@code occurredAt} of a failure). Fields about the dump are {@code null} for a failed backup;
 * {@code objects} holds only the keys this backup still owns (see {@link CatalogObject}). {@code verifiedAt} is the
 * newest verification drill that restored it and found every table's rows, {@code verificationFailedAt} and
 * {@code verificationFailure} the newest drill that did not.
 */
public record Backup(
        UUID backupId,
        UUID requestId,
        String database,
        String schema,
        List<Tier> tiers,
        BackupStatus status,
        boolean pinned,
        Instant requestedAt,
        Instant startedAt,
        Instant finishedAt,
        Long sizeBytes,
        String sha256,
        String store,
        String compression,
        String format,
        String serverVersion,
        String toolVersion,
        Map<String, Long> tableRowCounts,
        String failureReason,
        Integer failedAttempt,
        Instant replicatedAt,
        Instant verifiedAt,
        Instant verificationFailedAt,
        String verificationFailure,
        List<CatalogObject> objects) {

    public Backup {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestedAt, "requestedAt");
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
        tableRowCounts = tableRowCounts == null ? Map.of() : Map.copyOf(tableRowCounts);
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /** The objects that still hold data. */
    public List<CatalogObject> activeObjects() {
        return objects.stream().filter(CatalogObject::isActive).toList();
    }

    /** How long the dump took, if it completed. */
    public Optional<Duration> duration() {
        return startedAt == null || finishedAt == null ? Optional.empty()
                : Optional.of(Duration.between(startedAt, finishedAt));
    }

    /**
     * The key an operator looks for first: the DAILY one if this backup still owns it, else its first object (the
     * manual's monitoring check lists {@code {schema}_{date}.dump.gz}).
     */
    Optional<String> primaryKey() {
        return objects.stream().filter(o -> o.tier() == Tier.DAILY).map(CatalogObject::key).findFirst()
                .or(() -> objects.stream().map(CatalogObject::key).findFirst());
    }

    public Backup withStatus(BackupStatus newStatus) {
        return new Backup(backupId, requestId, database, schema, tiers, newStatus, pinned, requestedAt, startedAt,
                finishedAt, sizeBytes, sha256, store, compression, format, serverVersion, toolVersion, tableRowCounts,
                failureReason, failedAttempt, replicatedAt, verifiedAt, verificationFailedAt, verificationFailure, objects);
    }

    public Backup withObjects(List<CatalogObject> newObjects) {
        return new Backup(backupId, requestId, database, schema, tiers, status, pinned, requestedAt, startedAt,
                finishedAt, sizeBytes, sha256, store, compression, format, serverVersion, toolVersion, tableRowCounts,
                failureReason, failedAttempt, replicatedAt, verifiedAt, verificationFailedAt, verificationFailure,
                newObjects);
    }

    public Backup withPinned(boolean newPinned) {
        return new Backup(backupId, requestId, database, schema, tiers, status, newPinned, requestedAt, startedAt,
                finishedAt, sizeBytes, sha256, store, compression, format, serverVersion, toolVersion, tableRowCounts,
                failureReason, failedAttempt, replicatedAt, verifiedAt, verificationFailedAt, verificationFailure, objects);
    }

    /** The backup with a successful verification drill at {@code at} (the newer of this and any earlier one). */
    public Backup withVerifiedAt(Instant at) {
        Instant newest = verifiedAt != null && verifiedAt.isAfter(at) ? verifiedAt : at;
        return new Backup(backupId, requestId, database, schema, tiers, status, pinned, requestedAt, startedAt,
                finishedAt, sizeBytes, sha256, store, compression, format, serverVersion, toolVersion, tableRowCounts,
                failureReason, failedAttempt, replicatedAt, newest, verificationFailedAt, verificationFailure,
                objects);
    }

    /** The backup with a failed verification drill at {@code at}, for {@code reason}. */
    public Backup withVerificationFailed(Instant at, String reason) {
        if (verificationFailedAt != null && verificationFailedAt.isAfter(at)) {
            return this;
        }
        return new Backup(backupId, requestId, database, schema, tiers, status, pinned, requestedAt, startedAt,
                finishedAt, sizeBytes, sha256, store, compression, format, serverVersion, toolVersion, tableRowCounts,
                failureReason, failedAttempt, replicatedAt, verifiedAt, at, reason, objects);
    }

    /**
     * Whether this backup is a restore point: completed (not failed, expired or corrupt) and still holding an object.
     */
    public boolean isRestorable() {
        return status == BackupStatus.COMPLETED && finishedAt != null && restoreKey().isPresent();
    }

    /**
     * The archive a restore of this backup reads: its DAILY object if it still holds it, else any other active one
     * (every object of a backup holds the same bytes: the others are server-side copies).
     */
    public Optional<String> restoreKey() {
        List<CatalogObject> active = activeObjects();
        return active.stream().filter(o -> o.tier() == Tier.DAILY).map(CatalogObject::key).findFirst()
                .or(() -> active.stream().map(CatalogObject::key).findFirst());
    }
}
