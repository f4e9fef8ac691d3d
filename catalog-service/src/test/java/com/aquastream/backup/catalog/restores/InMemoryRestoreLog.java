package com.aquastream.backup.catalog.restores;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The restore log in memory, for unit tests; the drill lock is a no-op. */
final class InMemoryRestoreLog implements RestoreLog {

    private final Map<UUID, Restore> rows = new LinkedHashMap<>();

    @Override
    public void save(Restore restore) {
        rows.put(restore.restoreId(), restore);
    }

    @Override
    public Optional<Restore> find(UUID restoreId) {
        return Optional.ofNullable(rows.get(restoreId));
    }

    @Override
    public List<Restore> ofBatch(UUID batchId) {
        return rows.values().stream().filter(r -> batchId.equals(r.batchId()))
                .sorted(Comparator.comparing(Restore::schema)).toList();
    }

    @Override
    public List<Restore> recent(int limit) {
        return rows.values().stream().limit(limit).toList();
    }

    @Override
    public void lockDrills() {
    }
}
