package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.events.Tier;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Retention's decisions for one schema, each with the reason an operator reads in the dry run.
 *
 * @param pausedBecause why nothing expires at all (the latest backup failed), or {@code null} when retention runs
 * @param objects       one decision for every object key the schema's backups still hold
 * @param backups       one decision for every backup that is not expired yet
 */
public record RetentionPlan(SchemaRef schema, Instant plannedAt, String pausedBecause, List<ObjectDecision> objects,
                            List<BackupDecision> backups) {

    public RetentionPlan {
        objects = List.copyOf(objects);
        backups = List.copyOf(backups);
    }

    boolean paused() {
        return pausedBecause != null;
    }

    List<ObjectDecision> expiredObjects() {
        return objects.stream().filter(o -> o.verdict() == Verdict.EXPIRE).toList();
    }

    List<ObjectDecision> keptObjects() {
        return objects.stream().filter(o -> o.verdict() == Verdict.KEEP).toList();
    }

    List<BackupDecision> expiredBackups() {
        return backups.stream().filter(b -> b.verdict() == Verdict.EXPIRE).toList();
    }

    /** The decision about one object key. */
    public record ObjectDecision(UUID backupId, String key, Tier tier, Verdict verdict, String reason) {
    }

    /** The decision about one backup: it expires when it holds no object that is kept, unless pinned. */
    public record BackupDecision(UUID backupId, Instant requestedAt, Verdict verdict, String reason) {
    }
}
