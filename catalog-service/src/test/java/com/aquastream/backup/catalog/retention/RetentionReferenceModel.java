package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.CatalogObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The retention rules written a second, deliberately naive way, for the property tests: an object expires exactly
 * when retention is not paused, its backup is completed and unpinned, and at least N eligible objects of its tier are
 * newer. No sorting, no grouping: a quadratic count per object.
 */
final class RetentionReferenceModel {

    private RetentionReferenceModel() {
    }

    static Set<String> expiredKeys(List<Backup> history, Keep keep) {
        if (latestFailed(history)) {
            return Set.of();
        }
        Set<String> expired = new HashSet<>();
        for (Backup backup : history) {
            for (CatalogObject object : backup.objects()) {
                if (eligible(backup, object) && newerOfSameTier(history, backup, object) >= keep.of(object.tier())) {
                    expired.add(object.key());
                }
            }
        }
        return expired;
    }

    static boolean latestFailed(List<Backup> history) {
        Instant latest = null;
        for (Backup b : history) {
            if (latest == null || b.requestedAt().isAfter(latest)) {
                latest = b.requestedAt();
            }
        }
        for (Backup b : history) {
            if (b.requestedAt().equals(latest) && b.status() == BackupStatus.FAILED) {
                return true;
            }
        }
        return false;
    }

    static boolean eligible(Backup backup, CatalogObject object) {
        return backup.status() == BackupStatus.COMPLETED && !backup.pinned() && object.isActive();
    }

    private static int newerOfSameTier(List<Backup> history, Backup backup, CatalogObject object) {
        int newer = 0;
        for (Backup other : history) {
            for (CatalogObject o : other.objects()) {
                if (o.tier() != object.tier() || !eligible(other, o)) {
                    continue;
                }
                int byTime = other.requestedAt().compareTo(backup.requestedAt());
                if (byTime > 0 || (byTime == 0 && o.key().compareTo(object.key()) > 0)) {
                    newer++;
                }
            }
        }
        return newer;
    }
}
