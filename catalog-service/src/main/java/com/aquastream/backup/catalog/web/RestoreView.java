package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.restores.Restore;
import java.time.Instant;
import java.util.UUID;

/** A restore as the API shows it; {@code terminal} tells a poller it may stop. */
record RestoreView(UUID restoreId, UUID batchId, String database, String schema, UUID backupId, String key,
                   String targetDatabase, String mode, Boolean safetyBackup, Boolean force, Instant asOf,
                   String requestedBy, Instant requestedAt, String status, boolean terminal, boolean succeeded,
                   String reason, Long durationMs, Instant finishedAt) {

    static RestoreView of(Restore r) {
        return new RestoreView(r.restoreId(), r.batchId(), r.database(), r.schema(), r.backupId(), r.key(),
                r.targetDatabase(), r.mode() == null ? null : r.mode().name(), r.safetyBackup(), r.force(), r.asOf(),
                r.requestedBy(), r.requestedAt(), r.status().name(), r.status().isTerminal(), r.status().succeeded(),
                r.reason(), r.durationMs(), r.finishedAt());
    }
}
