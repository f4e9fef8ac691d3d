package com.aquastream.backup.catalog.backups.jpa;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.CatalogObject;
import com.aquastream.backup.catalog.backups.ObjectStatus;
import com.aquastream.backup.events.Tier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Maps catalog rows to domain types and back; the only place that knows the column encodings. */
final class BackupMapper {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, Long>> ROW_COUNTS = new TypeReference<>() {
    };

    private BackupMapper() {
    }

    static Backup toDomain(BackupEntity e, List<BackupObjectEntity> objects) {
        return new Backup(e.backupId, e.requestId, e.database, e.schema, tiersOf(e.tiers),
                BackupStatus.valueOf(e.status), e.pinned, e.requestedAt, e.startedAt, e.finishedAt, e.sizeBytes,
                e.sha256, e.store, e.compression, e.format, e.serverVersion, e.toolVersion, rowCounts(e.tableRowCounts),
                e.failureReason, e.failedAttempt, e.replicatedAt, e.verifiedAt, e.verificationFailedAt,
                e.verificationFailure, objects.stream().map(BackupMapper::toDomain).toList());
    }

    static CatalogObject toDomain(BackupObjectEntity o) {
        return new CatalogObject(o.key, Tier.valueOf(o.tier), ObjectStatus.valueOf(o.status));
    }

    /** Copies the backup's own fields onto the row (its objects live in their own table). */
    static BackupEntity copy(Backup b, BackupEntity e, Instant now) {
        e.backupId = b.backupId();
        e.requestId = b.requestId();
        e.database = b.database();
        e.schema = b.schema();
        e.tiers = tiersText(b.tiers());
        e.status = b.status().name();
        e.pinned = b.pinned();
        e.requestedAt = b.requestedAt();
        e.startedAt = b.startedAt();
        e.finishedAt = b.finishedAt();
        e.sizeBytes = b.sizeBytes();
        e.sha256 = b.sha256();
        e.store = b.store();
        e.compression = b.compression();
        e.format = b.format();
        e.serverVersion = b.serverVersion();
        e.toolVersion = b.toolVersion();
        e.tableRowCounts = b.tableRowCounts().isEmpty() ? null : JSON.writeValueAsString(new TreeMap<>(b.tableRowCounts()));
        e.failureReason = b.failureReason();
        e.failedAttempt = b.failedAttempt();
        e.replicatedAt = b.replicatedAt();
        e.verifiedAt = b.verifiedAt();
        e.verificationFailedAt = b.verificationFailedAt();
        e.verificationFailure = b.verificationFailure();
        e.updatedAt = now;
        return e;
    }

    static String tiersText(List<Tier> tiers) {
        return tiers.stream().map(Tier::name).collect(Collectors.joining(","));
    }

    static List<Tier> tiersOf(String text) {
        return text == null || text.isBlank() ? List.of()
                : Arrays.stream(text.split(",")).map(Tier::valueOf).toList();
    }

    private static Map<String, Long> rowCounts(String json) {
        return json == null ? Map.of() : JSON.readValue(json, ROW_COUNTS);
    }
}
