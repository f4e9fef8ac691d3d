package com.aquastream.backup.catalog.restores;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which backup of a schema to restore: the newest restore point ({@link Backup#isRestorable()}: completed, not
 * corrupt, still holding an object) that finished at or before {@code asOf} (or the newest of all without one).
 * Pure, so restore-all, the drills and their tests share it.
 */
final class RestorePoints {

    /** Newest by finish time; on a tie (same second) the later request, then the id, so the choice is stable. */
    private static final Comparator<Backup> NEWEST_LAST = Comparator.comparing(Backup::finishedAt)
            .thenComparing(Backup::requestedAt)
            .thenComparing(Backup::backupId);

    private RestorePoints() {
    }

    /** The restore point of a schema's history at {@code asOf} ({@code null}: now). */
    static Optional<Backup> newest(List<Backup> history, Instant asOf) {
        return history.stream()
                .filter(Backup::isRestorable)
                .filter(b -> asOf == null || !b.finishedAt().isAfter(asOf))
                .max(NEWEST_LAST);
    }

    /** Why a schema has no restore point at {@code asOf}, in words an operator can act on. */
    static String whyNone(List<Backup> history, Instant asOf) {
        List<Backup> restorable = history.stream().filter(Backup::isRestorable).toList();
        if (restorable.isEmpty()) {
            long corrupt = history.stream().filter(b -> b.status() == BackupStatus.CORRUPT).count();
            return history.isEmpty() ? "no backup in the catalog"
                    : "no completed backup" + (corrupt > 0 ? " (" + corrupt + " corrupt)" : "");
        }
        Instant oldest = restorable.stream().map(Backup::finishedAt).min(Comparator.naturalOrder()).orElseThrow();
        return "no completed backup finished at or before " + asOf + "; the oldest finished " + oldest;
    }
}
