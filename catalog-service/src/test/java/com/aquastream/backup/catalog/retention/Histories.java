package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupIds;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.CatalogObject;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.schedule.ScheduledTiers;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.events.Tier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds a schema's history the way the real system produces it: a daily slot that completes, fails or is missing
 * (service down), tiers by the scheduler's rules with carry-over, occasional manual backups, pins and corrupt ones;
 * each key owned by the newest backup that wrote it.
 */
final class Histories {

    static final SchemaRef SCHEMA = new SchemaRef("aquastream", "user");
    static final Instant FIRST_SLOT = Instant.parse("2025-05-01T02:00:00Z");

    /** What happened on one day. */
    enum Outcome { COMPLETED, FAILED, MISSING, CORRUPT }

    record Day(Outcome outcome, boolean pinned, boolean manualToo) {
    }

    private Histories() {
    }

    static List<Backup> of(List<Day> days) {
        Map<UUID, Backup> backups = new LinkedHashMap<>();
        Map<String, UUID> owners = new LinkedHashMap<>();
        Map<String, Tier> tiers = new LinkedHashMap<>();
        Set<String> weeksWithCopy = new HashSet<>();
        Set<String> monthsWithCopy = new HashSet<>();
        for (int i = 0; i < days.size(); i++) {
            Day day = days.get(i);
            Instant slot = FIRST_SLOT.plus(Duration.ofDays(i));
            LocalDate date = slot.atZone(ZoneOffset.UTC).toLocalDate();
            String week = date.get(IsoFields.WEEK_BASED_YEAR) + "-" + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            String month = date.getYear() + "-" + date.getMonthValue();
            if (day.outcome() != Outcome.MISSING) {
                List<Tier> scheduled = ScheduledTiers.forSlot(date, weeksWithCopy.contains(week),
                        monthsWithCopy.contains(month));
                Backup backup = backup(slot, scheduled, day.outcome(), day.pinned());
                backups.put(backup.backupId(), backup);
                if (day.outcome() != Outcome.FAILED) {
                    scheduled.forEach(t -> {
                        String key = BackupNaming.objectKey(SCHEMA.database(), SCHEMA.schema(), t, slot,
                                Compression.GZIP);
                        owners.put(key, backup.backupId());
                        tiers.put(key, t);
                    });
                    if (day.outcome() == Outcome.COMPLETED) {
                        weeksWithCopy.add(week);
                        monthsWithCopy.add(month);
                    }
                }
            }
            if (day.manualToo()) {
                Instant at = slot.plus(Duration.ofHours(10));
                Backup manual = backup(at, List.of(Tier.MANUAL), Outcome.COMPLETED, false);
                backups.put(manual.backupId(), manual);
                String key = BackupNaming.objectKey(SCHEMA.database(), SCHEMA.schema(), Tier.MANUAL, at,
                        Compression.GZIP);
                owners.put(key, manual.backupId());
                tiers.put(key, Tier.MANUAL);
            }
        }
        List<Backup> history = new ArrayList<>();
        for (Backup backup : backups.values()) {
            List<CatalogObject> owned = owners.entrySet().stream()
                    .filter(e -> e.getValue().equals(backup.backupId()))
                    .map(e -> CatalogObject.active(tiers.get(e.getKey()), e.getKey()))
                    .toList();
            history.add(backup.withObjects(owned));
        }
        return history;
    }

    private static Backup backup(Instant requestedAt, List<Tier> tiers, Outcome outcome, boolean pinned) {
        UUID requestId = BackupIds.scheduledRequest(SCHEMA, requestedAt);
        BackupStatus status = switch (outcome) {
            case FAILED -> BackupStatus.FAILED;
            case CORRUPT -> BackupStatus.CORRUPT;
            default -> BackupStatus.COMPLETED;
        };
        boolean failed = status == BackupStatus.FAILED;
        return new Backup(BackupIds.backupOf(requestId), requestId, SCHEMA.database(), SCHEMA.schema(), tiers, status,
                pinned && !failed, requestedAt, failed ? null : requestedAt.plusSeconds(1),
                requestedAt.plusSeconds(120), failed ? null : 1000L, null, null, null, null, null, null, null,
                failed ? "pg_dump exited 1" : null, failed ? 3 : null, null, null, null, null, List.of());
    }
}
