package com.aquastream.backup.restore.recovery.actuator;

import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreEvent;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.restore.recovery.RestoreEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Counts every published result ({@code restore_worker_restores_total{database,schema,outcome}}) and times the
 * successful ones ({@code restore_worker_restore_duration_seconds{database,schema,outcome}}: restore or verify,
 * from the command's start to its result), so restore durations and failures show on {@code /actuator/prometheus}.
 */
public final class RestoreMetrics implements RestoreEvents {

    private final RestoreEvents delegate;
    private final MeterRegistry registry;

    public RestoreMetrics(RestoreEvents delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public void publish(RestoreEvent event) {
        delegate.publish(event);
        String outcome = outcomeOf(event);
        Counter.builder("restore_worker_restores_total").description("restore commands answered, by outcome")
                .tag("database", event.database()).tag("schema", event.schema()).tag("outcome", outcome)
                .register(registry).increment();
        Long durationMs = event instanceof RestoreCompleted c ? c.durationMs()
                : event instanceof RestoreVerified v ? v.durationMs() : null;
        if (durationMs != null) {
            Timer.builder("restore_worker_restore_duration").description("time from command to restored or verified")
                    .tag("database", event.database()).tag("schema", event.schema()).tag("outcome", outcome)
                    .register(registry).record(Duration.ofMillis(durationMs));
        }
    }

    private static String outcomeOf(RestoreEvent event) {
        if (event instanceof RestoreCompleted) {
            return "completed";
        }
        if (event instanceof RestoreVerified) {
            return "verified";
        }
        if (event instanceof RestoreFailed) {
            return "failed";
        }
        if (event instanceof RestoreRejected) {
            return "rejected";
        }
        return "other";
    }
}
