package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.events.RestoreRequested;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The restores this worker is running right now, each with the step it is in, for operators watching a long disaster
 * recovery ({@code GET /actuator/restores}, the {@code restore_worker_restores_active} gauges). A restore appears
 * when its job starts and disappears when its answer is published, whatever the answer.
 */
public final class RestoreProgress {

    /** The steps of a restore, in order; a VERIFY goes from DOWNLOADING to VERIFYING. */
    public enum Step {
        LOCATING_ARCHIVE, DOWNLOADING, RECOVERING, SAFETY_BACKUP, RESTORING, VERIFYING
    }

    /**
     * One running restore.
     *
     * @param archiveKey   null until the archive is located
     * @param archiveBytes the downloaded archive's size; 0 until it is downloaded and verified
     */
    public record Active(UUID restoreId, String mode, String source, String target, Instant startedAt, Step step,
                         Instant stepSince, String archiveKey, long archiveBytes) {
        Active at(Step next, Instant now) {
            return new Active(restoreId, mode, source, target, startedAt, next, now, archiveKey, archiveBytes);
        }

        Active withArchive(String key, long bytes) {
            return new Active(restoreId, mode, source, target, startedAt, step, stepSince, key, bytes);
        }

        /** How long the restore has run by {@code now}. */
        public Duration elapsed(Instant now) {
            return Duration.between(startedAt, now);
        }
    }

    private final Map<UUID, Active> active = new ConcurrentHashMap<>();
    private final Clock clock;

    RestoreProgress(Clock clock) {
        this.clock = clock;
    }

    void begin(RestoreRequested c) {
        Instant now = clock.instant();
        active.put(c.restoreId(), new Active(c.restoreId(), String.valueOf(c.mode()), c.database() + "." + c.schema(),
                c.targetDatabaseOrDefault(), now, Step.LOCATING_ARCHIVE, now, c.key(), 0));
    }

    void step(UUID restoreId, Step step) {
        Instant now = clock.instant();
        active.computeIfPresent(restoreId, (id, a) -> a.at(step, now));
    }

    void archive(UUID restoreId, String key, long bytes) {
        active.computeIfPresent(restoreId, (id, a) -> a.withArchive(key, bytes));
    }

    void end(UUID restoreId) {
        active.remove(restoreId);
    }

    /** The running restores, oldest first. */
    public List<Active> active() {
        return active.values().stream().sorted(Comparator.comparing(Active::startedAt)).toList();
    }

    /** How many restores are in each step right now; every step is present. */
    public Map<Step, Long> countsByStep() {
        Map<Step, Long> counts = new EnumMap<>(Step.class);
        for (Step s : Step.values()) {
            counts.put(s, 0L);
        }
        active.values().forEach(a -> counts.merge(a.step(), 1L, Long::sum));
        return counts;
    }
}
