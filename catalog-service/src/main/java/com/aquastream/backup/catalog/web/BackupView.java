package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.CatalogObject;
import com.aquastream.backup.events.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A backup as the API shows it. */
record BackupView(UUID backupId, UUID requestId, String database, String schema, List<Tier> tiers, String status,
                  boolean pinned, Instant requestedAt, Instant startedAt, Instant finishedAt, Long sizeBytes,
                  String sha256, String store, String compression, String format, String serverVersion,
                  String toolVersion, Map<String, Long> tableRowCounts, String failureReason, Integer failedAttempt,
                  Instant replicatedAt, Instant verifiedAt, Instant verificationFailedAt,
                  String verificationFailure, List<ObjectView> objects) {

    static BackupView of(Backup b) {
        return new BackupView(b.backupId(), b.requestId(), b.database(), b.schema(), b.tiers(), b.status().name(),
                b.pinned(), b.requestedAt(), b.startedAt(), b.finishedAt(), b.sizeBytes(), b.sha256(), b.store(),
                b.compression(), b.format(), b.serverVersion(), b.toolVersion(), b.tableRowCounts(),
                b.failureReason(), b.failedAttempt(), b.replicatedAt(), b.verifiedAt(),
                b.verificationFailedAt(), b.verificationFailure(), b.objects().stream().map(ObjectView::of).toList());
    }

    record ObjectView(String key, Tier tier, String status) {
        static ObjectView of(CatalogObject o) {
            return new ObjectView(o.key(), o.tier(), o.status().name());
        }
    }
}
