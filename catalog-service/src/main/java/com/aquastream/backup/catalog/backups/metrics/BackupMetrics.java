package com.aquastream.backup.catalog.backups.metrics;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupOutcomes;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.StatusReport;
import com.aquastream.backup.catalog.backups.Targets;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's Prometheus view, per configured (database, schema), read from the catalog database so every instance
 * reports the same values and a restart loses nothing:
 * <ul>
 *   <li>{@code backup_last_success_timestamp_seconds} — epoch seconds the newest completed backup finished;</li>
 *   <li>{@code backup_last_size_bytes} and {@code backup_last_duration_seconds} — of that backup;</li>
 *   <li>{@code backup_outcomes_total{outcome="completed|failed"}} — results this instance recorded first;</li>
 *   <li>{@code backup_last_verified_timestamp_seconds} — epoch seconds of the newest verification drill that restored
 *       one of its backups and found every table's rows.</li>
 * </ul>
 * The gauges of a schema appear with its first completed backup (the verified one with its first verification), and
 * only for targets: a schema no longer configured must not keep a staleness alert firing.
 * <p>Plus {@code backup_requests_refused_total}, without labels: requests the backup-worker refused that this instance
 * recorded first (alert on any increase; {@code GET /api/requests/refused} names them). The names come from whoever
 * wrote the request, so they stay out of the labels, whose number Prometheus must be able to bound.
 */
public class BackupMetrics implements BackupOutcomes {

    private static final Logger log = LoggerFactory.getLogger(BackupMetrics.class);

    private final MeterRegistry registry;
    private final StatusReport status;
    private final Targets targets;
    private final Counter refused;
    private final Map<String, Counter> untrusted = new ConcurrentHashMap<>();
    private final Map<SchemaRef, AtomicReference<Backup>> latest = new ConcurrentHashMap<>();
    private final Map<SchemaRef, AtomicReference<Instant>> verified = new ConcurrentHashMap<>();

    public BackupMetrics(MeterRegistry registry, StatusReport status, Targets targets) {
        this.registry = registry;
        this.status = status;
        this.targets = targets;
        // Registered at start, so the series exists at 0 and increase() sees the first refusal.
        this.refused = Counter.builder("backup.requests.refused")
                .description("Backup requests the backup-worker refused (schema not configured there), recorded by"
                        + " this instance; GET /api/requests/refused names them")
                .register(registry);
        for (String topic : List.of(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.RESTORE_COMPLETED,
                Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED, Topics.BASEBACKUP_COMPLETED,
                Topics.BASEBACKUP_FAILED, Topics.WAL_ARCHIVED)) {
            untrusted.put(topic, Counter.builder("catalog.results.untrusted")
                    .description("Results refused as untrusted (a time in the future, a known backup id with other"
                            + " content) and dead-lettered, by this instance")
                    .tag("topic", topic).register(registry));
        }
    }

    @Override
    public void untrusted(String topic, SchemaRef schema, String reason) {
        Counter counter = untrusted.get(topic);
        if (counter != null) {
            counter.increment();
        }
        log.warn("refused an untrusted {} of {} (dead-lettered, nothing recorded): {}", topic, schema,
                Identifiers.describe(reason));
    }

    @Override
    public void refused(SchemaRef schema, boolean target, String reason) {
        refused.increment();
        // The schema is a validated identifier; the reason is the bus's text, so it is escaped and cut short.
        log.warn("the backup-worker refused a request of {} ({}; GET /api/requests/refused has the whole reason): {}",
                schema, target ? "a configured target: check the worker's configuration" : "not a target, ignored",
                Identifiers.describe(reason));
    }

    @Override
    public void recorded(Backup backup) {
        String outcome = backup.status() == BackupStatus.FAILED ? "failed" : "completed";
        Counter.builder("backup.outcomes")
                .description("Backup results recorded by the catalog")
                .tags(tags(new SchemaRef(backup.database(), backup.schema())))
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        if (backup.status() == BackupStatus.COMPLETED) {
            show(backup);
        }
    }

    /** A drill verified {@code backup} (its {@code verifiedAt} is set). */
    public void verified(Backup backup) {
        if (backup.verifiedAt() != null) {
            showVerified(new SchemaRef(backup.database(), backup.schema()), backup.verifiedAt());
        }
    }

    /** Re-reads the newest completed backup of every schema (results other instances recorded). */
    public void refresh() {
        try {
            status.latestCompleted().forEach(this::show);
            status.lastVerified().forEach(this::showVerified);
        } catch (RuntimeException e) {
            log.warn("could not refresh backup metrics: {}", e.toString());
        }
    }

    private void show(Backup backup) {
        SchemaRef schema = new SchemaRef(backup.database(), backup.schema());
        if (!targets.contains(schema)) {
            return;
        }
        latest.computeIfAbsent(schema, this::register).accumulateAndGet(backup, BackupMetrics::newer);
    }

    private void showVerified(SchemaRef schema, Instant at) {
        if (!targets.contains(schema)) {
            return;
        }
        verified.computeIfAbsent(schema, this::registerVerified)
                .accumulateAndGet(at, (current, candidate) -> current == null || candidate.isAfter(current)
                        ? candidate : current);
    }

    private AtomicReference<Instant> registerVerified(SchemaRef schema) {
        AtomicReference<Instant> holder = new AtomicReference<>();
        Gauge.builder("backup.last.verified.timestamp", holder,
                        h -> h.get() == null ? Double.NaN : h.get().getEpochSecond())
                .baseUnit("seconds")
                .description("When a verification drill last restored a backup of the schema and found every row")
                .tags(tags(schema)).register(registry);
        return holder;
    }

    private AtomicReference<Backup> register(SchemaRef schema) {
        AtomicReference<Backup> holder = new AtomicReference<>();
        Tags tags = tags(schema);
        Gauge.builder("backup.last.success.timestamp", holder,
                        h -> h.get() == null ? Double.NaN : h.get().finishedAt().getEpochSecond())
                .baseUnit("seconds").description("When the newest completed backup finished (epoch seconds)")
                .tags(tags).register(registry);
        Gauge.builder("backup.last.size", holder, h -> h.get() == null || h.get().sizeBytes() == null ? Double.NaN
                        : h.get().sizeBytes())
                .baseUnit("bytes").description("Size of the newest completed backup").tags(tags).register(registry);
        Gauge.builder("backup.last.duration", holder, h -> h.get() == null ? Double.NaN
                        : h.get().duration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN))
                .baseUnit("seconds").description("How long the newest completed backup took").tags(tags)
                .register(registry);
        return holder;
    }

    private static Backup newer(Backup current, Backup candidate) {
        if (current == null || current.finishedAt() == null) {
            return candidate;
        }
        return candidate.finishedAt() != null && candidate.finishedAt().isAfter(current.finishedAt())
                ? candidate : current;
    }

    private static Tags tags(SchemaRef schema) {
        return Tags.of("database", schema.database(), "schema", schema.schema());
    }
}
