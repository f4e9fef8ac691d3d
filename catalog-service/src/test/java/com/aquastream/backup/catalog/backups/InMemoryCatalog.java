package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.catalog.schedule.ScheduleBook;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The catalog's ports in memory, for unit tests of the use cases: catalog, schedule book, outbox, refusal log and
 * (trivial) transactions. Not thread-safe; locks are no-ops.
 */
public final class InMemoryCatalog implements BackupCatalog, ScheduleBook, Outbox, Transactions, RefusalLog {

    private final Map<UUID, Backup> backups = new LinkedHashMap<>();
    private final Map<String, Owned> objects = new LinkedHashMap<>();
    private final Set<UUID> processed = new HashSet<>();
    private final Map<UUID, KnownRequest> requests = new HashMap<>();
    private final Map<String, UUID> slots = new HashMap<>();
    private final List<Event> outbox = new ArrayList<>();
    private final Map<SchemaRef, Refusal> refusals = new HashMap<>();

    private record Owned(UUID backupId, Tier tier, ObjectStatus status) {
    }

    public List<Event> outbox() {
        return outbox;
    }

    public <T extends Event> List<T> published(Class<T> type) {
        return outbox.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public List<Backup> all() {
        return backups.values().stream().map(this::withObjects).toList();
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }

    @Override
    public void enqueue(Event event) {
        outbox.add(event);
    }

    @Override
    public void lockSchema(SchemaRef schema) {
    }

    @Override
    public void record(SchemaRef schema, UUID requestId, String reason, Instant at) {
        refusals.merge(schema, new Refusal(schema, 1, at, at, requestId, reason), (old, now) -> new Refusal(schema,
                old.requests() + 1, old.firstRefusedAt(), now.lastRefusedAt(), requestId, reason));
    }

    @Override
    public List<Refusal> recent(int limit) {
        return refusals.values().stream()
                .sorted(Comparator.comparing(Refusal::lastRefusedAt).reversed().thenComparing(Refusal::schema))
                .limit(limit)
                .toList();
    }

    @Override
    public boolean markProcessed(UUID eventId, String topic, Instant at) {
        return processed.add(eventId);
    }

    @Override
    public Optional<Backup> find(UUID backupId) {
        return Optional.ofNullable(backups.get(backupId)).map(this::withObjects);
    }

    @Override
    public void save(Backup backup) {
        backups.put(backup.backupId(), backup.withObjects(List.of()));
    }

    @Override
    public Optional<ObjectOwner> ownerOf(String key) {
        return Optional.ofNullable(objects.get(key))
                .map(o -> new ObjectOwner(o.backupId(), backups.get(o.backupId()).requestedAt()));
    }

    @Override
    public void assignObject(String key, Tier tier, UUID backupId) {
        objects.put(key, new Owned(backupId, tier, ObjectStatus.ACTIVE));
    }

    @Override
    public void expireObjects(Collection<String> keys, Instant at) {
        keys.forEach(k -> objects.computeIfPresent(k, (key, o) -> new Owned(o.backupId(), o.tier(),
                ObjectStatus.EXPIRED)));
    }

    @Override
    public List<Backup> history(SchemaRef schema) {
        return backups.values().stream()
                .filter(b -> b.database().equals(schema.database()) && b.schema().equals(schema.schema()))
                .sorted(Comparator.comparing(Backup::requestedAt))
                .map(this::withObjects)
                .toList();
    }

    @Override
    public List<SchemaRef> schemas() {
        return backups.values().stream().map(b -> new SchemaRef(b.database(), b.schema())).distinct().sorted()
                .toList();
    }

    @Override
    public Map<SchemaRef, Instant> lastVerified() {
        Map<SchemaRef, Instant> newest = new HashMap<>();
        backups.values().stream().filter(b -> b.verifiedAt() != null).forEach(b -> newest.merge(
                new SchemaRef(b.database(), b.schema()), b.verifiedAt(), (x, y) -> x.isAfter(y) ? x : y));
        return newest;
    }

    @Override
    public List<Backup> search(BackupQuery q) {
        return backups.values().stream()
                .map(this::withObjects)
                .filter(b -> q.database() == null || b.database().equals(q.database()))
                .filter(b -> q.schema() == null || b.schema().equals(q.schema()))
                .filter(b -> q.status() == null || b.status() == q.status())
                .filter(b -> q.tier() == null || b.tiers().contains(q.tier())
                        || b.objects().stream().anyMatch(o -> o.tier() == q.tier()))
                .sorted(Comparator.comparing(Backup::requestedAt).reversed())
                .limit(q.limit())
                .toList();
    }

    @Override
    public void recordRequest(KnownRequest request) {
        requests.putIfAbsent(request.requestId(), request);
    }

    @Override
    public Optional<KnownRequest> request(UUID requestId) {
        return Optional.ofNullable(requests.get(requestId));
    }

    @Override
    public void lockTicks() {
    }

    @Override
    public boolean isScheduled(SchemaRef schema, Instant slot) {
        return slots.containsKey(schema.key() + "@" + slot);
    }

    @Override
    public void recordScheduled(SchemaRef schema, Instant slot, UUID requestId) {
        if (slots.putIfAbsent(schema.key() + "@" + slot, requestId) != null) {
            throw new IllegalStateException("duplicate slot " + schema + "@" + slot);
        }
    }

    @Override
    public boolean hasLiveObject(SchemaRef schema, String keyStem) {
        return objects.entrySet().stream().anyMatch(e -> e.getKey().startsWith(keyStem)
                && e.getValue().status() == ObjectStatus.ACTIVE
                && backups.get(e.getValue().backupId()).status() == BackupStatus.COMPLETED
                && backups.get(e.getValue().backupId()).schema().equals(schema.schema())
                && backups.get(e.getValue().backupId()).database().equals(schema.database()));
    }

    private Backup withObjects(Backup backup) {
        List<CatalogObject> owned = objects.entrySet().stream()
                .filter(e -> e.getValue().backupId().equals(backup.backupId()))
                .map(e -> new CatalogObject(e.getKey(), e.getValue().tier(), e.getValue().status()))
                .toList();
        return backup.withObjects(owned);
    }
}
