package com.aquastream.backup.restore.recovery.actuator;

import com.aquastream.backup.restore.recovery.RestoreProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/restores}: the restores this worker runs right now, oldest first, each with its step, how long
 * it has run and how long it has been in that step; and the gauges {@code restore_worker_restores_active{step}}.
 */
@Endpoint(id = "restores")
public final class RestoresEndpoint {

    private final RestoreProgress progress;
    private final Clock clock;

    public RestoresEndpoint(RestoreProgress progress, Clock clock, MeterRegistry registry) {
        this.progress = progress;
        this.clock = clock;
        for (RestoreProgress.Step step : RestoreProgress.Step.values()) {
            Gauge.builder("restore_worker_restores_active", progress, p -> p.countsByStep().get(step))
                    .description("restores running now, by the step they are in").tag("step", step.name())
                    .register(registry);
        }
    }

    @ReadOperation
    public Map<String, Object> restores() {
        Instant now = clock.instant();
        List<Map<String, Object>> running = progress.active().stream().map(a -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("restoreId", a.restoreId());
            row.put("mode", a.mode());
            row.put("source", a.source());
            row.put("target", a.target());
            row.put("step", a.step());
            row.put("startedAt", a.startedAt());
            row.put("runningSeconds", a.elapsed(now).toSeconds());
            row.put("stepSeconds", Duration.between(a.stepSince(), now).toSeconds());
            row.put("archiveKey", a.archiveKey());
            row.put("archiveBytes", a.archiveBytes());
            return row;
        }).toList();
        return Map.of("running", running);
    }
}
