package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.restores.Restore;
import java.time.Instant;
import java.util.UUID;

/**
 * A restore as the API shows it; {@code terminal} tells a poller it may stop. A completed point-in-time recovery adds
 * {@code recoveredTo}, {@code endOfArchive} and, for a whole cluster, {@code dataDirectory} and {@code nextSteps}.
 */
record RestoreView(UUID restoreId, UUID batchId, String database, String schema, UUID backupId, String key,
                   String targetDatabase, String mode, Boolean safetyBackup, Boolean force, Instant asOf,
                   String requestedBy, Instant requestedAt, String status, boolean terminal, boolean succeeded,
                   String reason, Long durationMs, Instant finishedAt, Instant recoveredTo, Boolean endOfArchive,
                   String dataDirectory, String nextSteps) {

    static RestoreView of(Restore r) {
        return new RestoreView(r.restoreId(), r.batchId(), r.database(), r.schema(), r.backupId(), r.key(),
                r.targetDatabase(), r.mode() == null ? null : r.mode().name(), r.safetyBackup(), r.force(), r.asOf(),
                r.requestedBy(), r.requestedAt(), r.status().name(), r.status().isTerminal(), r.status().succeeded(),
                r.reason(), r.durationMs(), r.finishedAt(), r.recovery() == null ? null : r.recovery().recoveredTo(),
                r.recovery() == null ? null : r.recovery().endOfArchive(),
                r.recovery() == null ? null : r.recovery().dataDirectory(),
                r.recovery() == null ? null : r.recovery().nextSteps());
    }
}
