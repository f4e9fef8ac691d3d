package com.aquastream.backup.worker.backup;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupEvent;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Domain-language fixtures and small fakes of the backup feature's ports. */
final class BackupFixtures {

    static final String DATABASE = "aquastream";
    static final Instant SLOT = Instant.parse("2025-08-18T02:00:00Z");

    private BackupFixtures() {
    }

    static BackupTargets theManualsSixSchemas() {
        return new BackupTargets(Map.of(DATABASE, Set.of("user", "event", "crew", "payment", "notification", "media")),
                Set.of(), Set.of());
    }

    static BackupRequested aScheduledRequestFor(String schema) {
        return aRequest(DATABASE, schema, List.of(Tier.DAILY), Trigger.SCHEDULE, SLOT);
    }

    static BackupRequested aRequest(String database, String schema, List<Tier> tiers, Trigger trigger, Instant slot) {
        return new BackupRequested(UUID.randomUUID(), slot, database, schema, UUID.randomUUID(), tiers, trigger,
                "test", slot);
    }

    static ArchiveOutcome.Archived anArchive() {
        return anArchiveStartedAt(SLOT);
    }

    /** An archive whose dump started at {@code startedAt} (what a later request's slot is compared with). */
    static ArchiveOutcome.Archived anArchiveStartedAt(Instant startedAt) {
        return new ArchiveOutcome.Archived(1234, "ab".repeat(32), startedAt, startedAt.plusSeconds(5), "15.4",
                "pg_dump (PostgreSQL) 15.4", Map.of("accounts", 10L), "pg_dump-custom");
    }

    static RetryPolicy threeQuickAttempts() {
        return new RetryPolicy(3, Duration.ofMillis(1), 1.0, Duration.ofMillis(1));
    }

    /** Returns scripted outcomes in order and remembers every plan it was asked to archive. */
    static final class ScriptedArchiver implements SchemaArchiver {
        final Deque<ArchiveOutcome> outcomes;
        final List<BackupPlan> calls = new CopyOnWriteArrayList<>();

        ScriptedArchiver(ArchiveOutcome... outcomes) {
            this.outcomes = new ArrayDeque<>(List.of(outcomes));
        }

        @Override
        public ArchiveOutcome archive(BackupPlan plan, AbortSignal abort) {
            calls.add(plan);
            return outcomes.isEmpty() ? new ArchiveOutcome.Failed("no more scripted outcomes", false) : outcomes.pop();
        }
    }

    static final class RecordingEvents implements BackupEvents {
        final List<BackupEvent> published = new CopyOnWriteArrayList<>();

        @Override
        public void publish(BackupEvent event) {
            published.add(event);
        }

        List<BackupCompleted> completed() {
            return published.stream().filter(BackupCompleted.class::isInstance).map(BackupCompleted.class::cast).toList();
        }

        List<BackupFailed> failed() {
            return published.stream().filter(BackupFailed.class::isInstance).map(BackupFailed.class::cast).toList();
        }
    }

    static final class InMemoryManifests implements BackupManifests {
        final Map<String, BackupCompleted> byKey = new HashMap<>();

        @Override
        public Optional<BackupCompleted> find(String primaryKey) {
            return Optional.ofNullable(byKey.get(primaryKey));
        }

        @Override
        public void save(String primaryKey, BackupCompleted completed) {
            byKey.put(primaryKey, completed);
        }

        @Override
        public List<String> announcedKeys(String area) {
            return byKey.keySet().stream().filter(k -> k.startsWith(area)).toList();
        }
    }

    static SchemaLocks noContention() {
        return (database, schema, abort) -> () -> { };
    }

    static List<String> keysOf(List<BackupPlan> plans) {
        List<String> keys = new ArrayList<>();
        plans.forEach(p -> keys.addAll(p.keys()));
        return keys;
    }
}
