package com.aquastream.backup.catalog.backups.jpa;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.BackupQuery;
import com.aquastream.backup.catalog.backups.KnownRequest;
import com.aquastream.backup.catalog.backups.ObjectStatus;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.schedule.ScheduleBook;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The catalog in PostgreSQL (schema {@code catalog}): JPA for the backup and object rows, plain SQL where PostgreSQL
 * does the work (advisory locks, insert-if-absent for idempotency). Every method runs in the caller's transaction.
 */
class JpaBackupCatalog implements BackupCatalog, ScheduleBook {

    /** Advisory-lock namespaces (first key of {@code pg_advisory_xact_lock(int, int)}): 'CATS', 'CATT'. */
    private static final int SCHEMA_LOCKS = 0x43415453;
    private static final int TICK_LOCK = 0x43415454;

    private final BackupRepository backups;
    private final BackupObjectRepository objects;
    private final BackupRequestRepository requests;
    private final EntityManager entityManager;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    JpaBackupCatalog(BackupRepository backups, BackupObjectRepository objects, BackupRequestRepository requests,
                     EntityManager entityManager, JdbcTemplate jdbc, Clock clock) {
        this.backups = backups;
        this.objects = objects;
        this.requests = requests;
        this.entityManager = entityManager;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void lockSchema(SchemaRef schema) {
        // String.hashCode is specified, so every instance computes the same lock id; a collision only serializes
        // two schemas, it never lets two changes of one schema run together.
        jdbc.query("select pg_advisory_xact_lock(?, ?)", rs -> null, SCHEMA_LOCKS, schema.key().hashCode());
    }

    @Override
    public void lockTicks() {
        jdbc.query("select pg_advisory_xact_lock(?, ?)", rs -> null, TICK_LOCK, 0);
    }

    @Override
    public boolean markProcessed(UUID eventId, String topic, Instant at) {
        return jdbc.update("insert into catalog.processed_event (event_id, topic, processed_at) values (?, ?, ?)"
                + " on conflict do nothing", eventId, topic, utc(at)) == 1;
    }

    @Override
    public Optional<Backup> find(UUID backupId) {
        return backups.findById(backupId).map(e -> BackupMapper.toDomain(e, objectsOf(List.of(backupId))
                .getOrDefault(backupId, List.of())));
    }

    @Override
    public void save(Backup backup) {
        BackupEntity row = backups.findById(backup.backupId()).orElseGet(BackupEntity::new);
        backups.save(BackupMapper.copy(backup, row, clock.instant()));
    }

    @Override
    public Optional<ObjectOwner> ownerOf(String key) {
        return objects.findById(key).flatMap(o -> backups.findById(o.backupId))
                .map(b -> new ObjectOwner(b.backupId, b.requestedAt));
    }

    @Override
    public void assignObject(String key, Tier tier, UUID backupId) {
        BackupObjectEntity row = objects.findById(key).orElseGet(BackupObjectEntity::new);
        row.key = key;
        row.tier = tier.name();
        row.backupId = backupId;
        row.status = ObjectStatus.ACTIVE.name();
        row.expiredAt = null;
        objects.save(row);
    }

    @Override
    public void expireObjects(Collection<String> keys, Instant at) {
        objects.expire(keys, at);
    }

    @Override
    public List<Backup> history(SchemaRef schema) {
        return withObjects(backups.findByDatabaseAndSchemaOrderByRequestedAtAsc(schema.database(), schema.schema()));
    }

    @Override
    public List<SchemaRef> schemas() {
        return backups.findSchemas().stream().map(row -> new SchemaRef((String) row[0], (String) row[1])).toList();
    }

    @Override
    public Map<SchemaRef, Instant> lastVerified() {
        Map<SchemaRef, Instant> newest = new HashMap<>();
        jdbc.query("select database_name, schema_name, max(verified_at) as at from catalog.backup"
                + " where verified_at is not null group by database_name, schema_name", rs -> {
                    newest.put(new SchemaRef(rs.getString(1), rs.getString(2)), rs.getTimestamp(3).toInstant());
                });
        return newest;
    }

    @Override
    public List<Backup> search(BackupQuery query) {
        StringBuilder jpql = new StringBuilder("select b from BackupEntity b where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (query.database() != null) {
            jpql.append(" and b.database = :database");
            params.put("database", query.database());
        }
        if (query.schema() != null) {
            jpql.append(" and b.schema = :schema");
            params.put("schema", query.schema());
        }
        if (query.status() != null) {
            jpql.append(" and b.status = :status");
            params.put("status", query.status().name());
        }
        if (query.tier() != null) {
            // Tier names are no substrings of each other, so LIKE on the comma-separated list is exact.
            jpql.append(" and (b.tiers like :tierLike or exists (select 1 from BackupObjectEntity o"
                    + " where o.backupId = b.backupId and o.tier = :tier))");
            params.put("tierLike", "%" + query.tier().name() + "%");
            params.put("tier", query.tier().name());
        }
        jpql.append(" order by b.requestedAt desc, b.backupId");
        TypedQuery<BackupEntity> typed = entityManager.createQuery(jpql.toString(), BackupEntity.class);
        params.forEach(typed::setParameter);
        typed.setMaxResults(Math.max(1, query.limit()));
        return withObjects(typed.getResultList());
    }

    @Override
    public void recordRequest(KnownRequest request) {
        jdbc.update("insert into catalog.backup_request (request_id, database_name, schema_name, tiers, trigger_type,"
                        + " requested_by, requested_at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                request.requestId(), request.schema().database(), request.schema().schema(),
                BackupMapper.tiersText(request.tiers()), request.trigger().name(), request.requestedBy(),
                utc(request.requestedAt()));
    }

    @Override
    public Optional<KnownRequest> request(UUID requestId) {
        return requests.findById(requestId).map(r -> new KnownRequest(r.requestId, new SchemaRef(r.database, r.schema),
                BackupMapper.tiersOf(r.tiers), Trigger.valueOf(r.trigger), r.requestedBy, r.requestedAt));
    }

    @Override
    public boolean isScheduled(SchemaRef schema, Instant slot) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from catalog.schedule_slot"
                        + " where database_name = ? and schema_name = ? and slot = ?)", Boolean.class,
                schema.database(), schema.schema(), utc(slot)));
    }

    @Override
    public void recordScheduled(SchemaRef schema, Instant slot, UUID requestId) {
        jdbc.update("insert into catalog.schedule_slot (database_name, schema_name, slot, request_id, created_at)"
                + " values (?, ?, ?, ?, ?)", schema.database(), schema.schema(), utc(slot), requestId,
                utc(clock.instant()));
    }

    @Override
    public boolean hasLiveObject(SchemaRef schema, String keyStem) {
        return objects.existsLive(schema.database(), schema.schema(), keyStem);
    }

    private List<Backup> withObjects(List<BackupEntity> rows) {
        Map<UUID, List<BackupObjectEntity>> owned = objectsOf(rows.stream().map(r -> r.backupId).toList());
        return rows.stream().map(r -> BackupMapper.toDomain(r, owned.getOrDefault(r.backupId, List.of()))).toList();
    }

    private Map<UUID, List<BackupObjectEntity>> objectsOf(Collection<UUID> backupIds) {
        if (backupIds.isEmpty()) {
            return Map.of();
        }
        return objects.findByBackupIdIn(backupIds).stream()
                .sorted(Comparator.comparing((BackupObjectEntity o) -> Tier.valueOf(o.tier))
                        .thenComparing(o -> o.key))
                .collect(Collectors.groupingBy(o -> o.backupId, Collectors.toList()));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
