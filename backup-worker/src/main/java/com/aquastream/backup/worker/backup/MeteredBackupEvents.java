package com.aquastream.backup.worker.backup;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupEvent;
import com.aquastream.backup.events.BackupFailed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Records per-schema outcome metrics as results are published: the worker's Prometheus view. */
class MeteredBackupEvents implements BackupEvents {

    private final BackupEvents delegate;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    MeteredBackupEvents(BackupEvents delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public void publish(BackupEvent event) {
        delegate.publish(event);
        // Refused requests may carry hostile names: never let them become label values.
        Tags tags = Tags.of("database", safe(event.database()), "schema", safe(event.schema()));
        if (event instanceof BackupCompleted c) {
            Counter.builder("backup.worker.backups").tags(tags).tag("outcome", "completed").register(registry)
                    .increment();
            DistributionSummary.builder("backup.worker.backup.size").baseUnit("bytes").tags(tags).register(registry)
                    .record(c.sizeBytes());
            Timer.builder("backup.worker.backup.duration").tags(tags).register(registry)
                    .record(Duration.between(c.startedAt(), c.finishedAt()));
            lastSuccess.computeIfAbsent(event.messageKey(), k -> {
                AtomicLong holder = new AtomicLong();
                Gauge.builder("backup.worker.last.success", holder, AtomicLong::get).baseUnit("seconds")
                        .description("Epoch seconds of the last completed backup").tags(tags).register(registry);
                return holder;
            }).set(c.finishedAt().getEpochSecond());
        } else if (event instanceof BackupFailed f) {
            Counter.builder("backup.worker.backups").tags(tags).tag("outcome", "failed").register(registry)
                    .increment();
            Counter.builder("backup.worker.failures").tags(tags).tag("reason", reasonOf(f))
                    .description("Failed backups by kind of reason: rejected (request refused), transient (still"
                            + " failing after the retries), permanent")
                    .register(registry).increment();
        }
    }

    /** The failure's reason as one of a few label values: the text itself is unbounded and stays in the event. */
    private static String reasonOf(BackupFailed failed) {
        if (failed.attempt() == 0 && failed.reason() != null && failed.reason().startsWith("rejected")) {
            return "rejected";
        }
        return failed.retryable() ? "transient" : "permanent";
    }

    private static String safe(String identifier) {
        return Identifiers.isIdentifier(identifier) ? identifier : "invalid";
    }
}
