package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.CatalogObject;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.retention.RetentionPlan.BackupDecision;
import com.aquastream.backup.catalog.retention.RetentionPlan.ObjectDecision;
import com.aquastream.backup.events.Tier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The retention policy: per (database, schema) and per tier, keep the newest N objects; expire the rest. Pure: it
 * only reads the history it is given and returns a plan, so it serves the dry run, the apply and the tests alike.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li><b>Count-based, never age-based.</b> Only the number of newer objects of the same tier decides, so days of
 *       failing backups can never wipe the history (the known incident in a peer tool: backups failed for days, then
 *       age-based retention deleted everything). "Newest" is by the owning backup's request time, then by key.</li>
 *   <li><b>Paused while the latest backup failed.</b> If the schema's latest backup by request time FAILED (on a tie,
 *       a failure wins), nothing expires: the kept set is what an operator restores from while the cause is fixed.</li>
 *   <li><b>Pins.</b> A pinned backup's objects are always kept and do <em>not</em> count against N. Why: a pin is an
 *       operator's "keep this one forever" (before a migration, for an audit); if it counted, pinning an old backup
 *       would silently shrink the window of recent restore points below what the manual promises (7 daily, ...).
 *       So a schema keeps N recent objects per tier plus whatever is pinned.</li>
 *   <li><b>Corrupt backups</b> (a verification found them unusable) are not restore points: they do not count against
 *       N either, and retention leaves them for an operator to investigate rather than deleting the evidence.</li>
 *   <li>A backup expires when none of its objects is kept (and it is not pinned); a backup keeping e.g. only its
 *       MONTHLY key stays COMPLETED while its DAILY key expires.</li>
 * </ol>
 * Redis instances (database {@code redis}) follow the same rules with their own counts in step 1
 * ({@link RedisKeep}): their scheduled snapshots are one class, of which the newest N stay (hourly), plus the newest
 * of each of the newest D UTC days (daily) and of the newest W ISO weeks (weekly); still only counts, never ages.
 */
final class RetentionPolicy {

    private static final Comparator<Candidate> NEWEST_FIRST = Comparator
            .comparing((Candidate c) -> c.backup().requestedAt()).reversed()
            .thenComparing(c -> c.object().key(), Comparator.reverseOrder());

    private final RetentionSettings settings;

    RetentionPolicy(RetentionSettings settings) {
        this.settings = settings;
    }

    /** Decides, for one schema's history (any order), what to keep and what to expire, with a reason for each. */
    RetentionPlan plan(SchemaRef schema, List<Backup> history, Instant now) {
        List<Backup> live = history.stream().filter(b -> b.status() != BackupStatus.EXPIRED).toList();
        Optional<String> paused = pauseReason(history);
        List<ObjectDecision> objects = paused.map(reason -> keepAll(live, reason))
                .orElseGet(() -> RetentionSettings.isRedis(schema) ? decideRedisObjects(live, settings.redis())
                        : decideObjects(live, settings.keepFor(schema)));
        List<BackupDecision> backups = decideBackups(live, objects, paused.orElse(null));
        return new RetentionPlan(schema, now, paused.orElse(null), objects, backups);
    }

    /** A plan that keeps everything of the schema for {@code reason} (e.g. expiries cannot be issued now). */
    RetentionPlan keepEverything(SchemaRef schema, List<Backup> history, Instant now, String reason) {
        List<Backup> live = history.stream().filter(b -> b.status() != BackupStatus.EXPIRED).toList();
        List<ObjectDecision> objects = keepAll(live, reason);
        return new RetentionPlan(schema, now, reason, objects, decideBackups(live, objects, reason));
    }

    /** Step 2: the latest backup by request time failed, so nothing may go. */
    private static Optional<String> pauseReason(List<Backup> history) {
        Optional<Instant> latest = history.stream().map(Backup::requestedAt).max(Comparator.naturalOrder());
        return latest.flatMap(at -> history.stream()
                .filter(b -> b.requestedAt().equals(at) && b.status() == BackupStatus.FAILED)
                .findFirst()
                .map(b -> "retention paused: the latest backup (requested " + at + ") failed: " + b.failureReason()));
    }

    private static List<ObjectDecision> keepAll(List<Backup> live, String reason) {
        List<ObjectDecision> decisions = new ArrayList<>();
        for (Backup backup : live) {
            for (CatalogObject object : backup.activeObjects()) {
                decisions.add(new ObjectDecision(backup.backupId(), object.key(), object.tier(), Verdict.KEEP, reason));
            }
        }
        return decisions;
    }

    /** Steps 1, 3 and 4: pins and corrupt backups aside, the newest N of each tier stay. */
    private static List<ObjectDecision> decideObjects(List<Backup> live, Keep keep) {
        List<ObjectDecision> decisions = new ArrayList<>();
        keepNewestPerTier(countedByTier(live, decisions), keep::of, decisions);
        return decisions;
    }

    /** Pinned and corrupt backups are kept and not counted; the completed rest are the candidates, by tier. */
    private static Map<Tier, List<Candidate>> countedByTier(List<Backup> live, List<ObjectDecision> decisions) {
        Map<Tier, List<Candidate>> byTier = new EnumMap<>(Tier.class);
        for (Backup backup : live) {
            for (CatalogObject object : backup.activeObjects()) {
                if (backup.pinned()) {
                    decisions.add(decision(backup, object, Verdict.KEEP, "pinned: kept forever, not counted"));
                } else if (backup.status() == BackupStatus.CORRUPT) {
                    decisions.add(decision(backup, object, Verdict.KEEP,
                            "corrupt: not a restore point, not counted, left for investigation"));
                } else if (backup.status() == BackupStatus.COMPLETED) {
                    byTier.computeIfAbsent(object.tier(), t -> new ArrayList<>()).add(new Candidate(backup, object));
                }
            }
        }
        return byTier;
    }

    /** The newest {@code counts(tier)} candidates of each tier are kept, the rest expire (ranked by request time). */
    private static void keepNewestPerTier(Map<Tier, List<Candidate>> byTier, ToIntFunction<Tier> counts,
                                          List<ObjectDecision> decisions) {
        byTier.forEach((tier, candidates) -> {
            candidates.sort(NEWEST_FIRST);
            int n = counts.applyAsInt(tier);
            for (int i = 0; i < candidates.size(); i++) {
                Candidate c = candidates.get(i);
                String rank = tier + " #" + (i + 1) + " of " + candidates.size() + " by request time";
                decisions.add(i < n
                        ? decision(c.backup(), c.object(), Verdict.KEEP, "newest " + n + " " + tier + " kept: " + rank)
                        : decision(c.backup(), c.object(), Verdict.EXPIRE, "beyond the newest " + n + " " + tier + ": "
                                + rank));
            }
        });
    }

    /**
     * Step 1 for a Redis instance: the newest {@code hourly} scheduled snapshots, then the newest snapshot of each of
     * the newest {@code daily} days and {@code weekly} ISO weeks that have one (days and weeks ranked by their newest
     * snapshot, so missing days shift the window back instead of shrinking it); on-demand tiers by their own counts.
     */
    private static List<ObjectDecision> decideRedisObjects(List<Backup> live, RedisKeep keep) {
        List<ObjectDecision> decisions = new ArrayList<>();
        Map<Tier, List<Candidate>> onDemand = countedByTier(live, decisions);
        List<Candidate> snapshots = new ArrayList<>();
        for (Tier tier : List.copyOf(onDemand.keySet())) {
            if (RedisKeep.isScheduled(tier)) {
                snapshots.addAll(onDemand.remove(tier));
            }
        }
        snapshots.sort(NEWEST_FIRST);
        Map<Candidate, String> periodKeepers = new HashMap<>();
        newestPerPeriod(snapshots, keep.daily(), c -> utcDate(c).toString(), "daily", periodKeepers);
        newestPerPeriod(snapshots, keep.weekly(), c -> isoWeek(utcDate(c)), "weekly", periodKeepers);
        for (int i = 0; i < snapshots.size(); i++) {
            Candidate c = snapshots.get(i);
            String rank = "snapshot #" + (i + 1) + " of " + snapshots.size() + " by request time";
            if (i < keep.hourly()) {
                decisions.add(decision(c.backup(), c.object(), Verdict.KEEP, "newest " + keep.hourly()
                        + " snapshots (hourly) kept: " + rank));
            } else if (periodKeepers.containsKey(c)) {
                decisions.add(decision(c.backup(), c.object(), Verdict.KEEP, periodKeepers.get(c) + ": " + rank));
            } else {
                decisions.add(decision(c.backup(), c.object(), Verdict.EXPIRE, "beyond the newest " + keep.hourly()
                        + " snapshots and not the newest of one of the newest " + keep.daily() + " days or "
                        + keep.weekly() + " weeks: " + rank));
            }
        }
        keepNewestPerTier(onDemand, keep::ofOnDemand, decisions);
        return decisions;
    }

    /** Marks the newest snapshot of each of the newest {@code count} periods (snapshots come newest first). */
    private static void newestPerPeriod(List<Candidate> newestFirst, int count,
                                        Function<Candidate, String> period, String name,
                                        Map<Candidate, String> keepers) {
        Set<String> seen = new HashSet<>();
        for (Candidate c : newestFirst) {
            if (seen.size() == count && !seen.contains(period.apply(c))) {
                break;
            }
            if (seen.add(period.apply(c))) {
                keepers.putIfAbsent(c, "newest of " + name + " period " + period.apply(c) + ", one of the newest "
                        + count + " " + name + " kept");
            }
        }
    }

    private static LocalDate utcDate(Candidate c) {
        return c.backup().requestedAt().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String isoWeek(LocalDate date) {
        return String.format("%04d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR),
                date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Step 5: a backup goes when nothing of it is kept. */
    private static List<BackupDecision> decideBackups(List<Backup> live, List<ObjectDecision> objects,
                                                      String pausedBecause) {
        Map<UUID, List<ObjectDecision>> byBackup = new HashMap<>();
        objects.forEach(o -> byBackup.computeIfAbsent(o.backupId(), id -> new ArrayList<>()).add(o));
        List<BackupDecision> decisions = new ArrayList<>();
        for (Backup backup : live) {
            List<ObjectDecision> own = byBackup.getOrDefault(backup.backupId(), List.of());
            List<ObjectDecision> kept = own.stream().filter(o -> o.verdict() == Verdict.KEEP).toList();
            Verdict verdict;
            String reason;
            if (pausedBecause != null) {
                verdict = Verdict.KEEP;
                reason = pausedBecause;
            } else if (backup.status() == BackupStatus.FAILED) {
                verdict = Verdict.KEEP;
                reason = "failed: a record without objects";
            } else if (backup.pinned()) {
                verdict = Verdict.KEEP;
                reason = "pinned";
            } else if (own.isEmpty()) {
                verdict = Verdict.EXPIRE;
                reason = "holds no object any more: newer backups rewrote its keys";
            } else if (kept.isEmpty()) {
                verdict = Verdict.EXPIRE;
                reason = "every object is beyond retention";
            } else {
                verdict = Verdict.KEEP;
                reason = "still holds " + kept.stream().map(o -> o.tier().name()).distinct().sorted().toList();
            }
            decisions.add(new BackupDecision(backup.backupId(), backup.requestedAt(), verdict, reason));
        }
        return decisions;
    }

    private static ObjectDecision decision(Backup backup, CatalogObject object, Verdict verdict, String reason) {
        return new ObjectDecision(backup.backupId(), object.key(), object.tier(), verdict, reason);
    }

    private record Candidate(Backup backup, CatalogObject object) {
    }
}
