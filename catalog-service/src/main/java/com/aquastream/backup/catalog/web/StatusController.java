package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.backups.RefusalLog;
import com.aquastream.backup.catalog.backups.Refusal;
import com.aquastream.backup.catalog.backups.SchemaStatus;
import com.aquastream.backup.catalog.backups.StatusReport;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The manual's monitoring check: per configured schema the latest object, its age and size, ✓ or ✗; and the requests
 * the backup-worker refused, which are shown here but are never part of the check.
 */
@RestController
class StatusController {

    private static final int MAX_LIMIT = RefusalLog.KEPT;

    private final StatusReport report;
    private final Clock clock;

    StatusController(StatusReport report, Clock clock) {
        this.report = report;
        this.clock = clock;
    }

    @Operation(summary = "Per schema: latest object, age, size and ✓ (latest backup completed) or ✗")
    @GetMapping("/api/status")
    List<StatusView> status() {
        return report.check(clock.instant()).stream().map(StatusView::of).toList();
    }

    @Operation(summary = "Requests the backup-worker refused (schema not configured there), per schema, newest first;"
            + " never backup targets")
    @GetMapping("/api/requests/refused")
    List<RefusedView> refused(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return report.refused(limit).stream().map(RefusedView::of).toList();
    }

    /**
     * @param target {@code true} when the schema is configured here: the catalog requests it but the worker refuses,
     *               so its backups do not happen (fix the worker's configuration)
     */
    record RefusedView(String database, String schema, boolean target, long requests, Instant firstRefusedAt,
                       Instant lastRefusedAt, UUID lastRequestId, String lastReason) {

        static RefusedView of(StatusReport.Refused r) {
            Refusal refusal = r.refusal();
            return new RefusedView(refusal.schema().database(), refusal.schema().schema(), r.target(),
                    refusal.requests(), refusal.firstRefusedAt(), refusal.lastRefusedAt(), refusal.lastRequestId(),
                    refusal.lastReason());
        }
    }

    record StatusView(String database, String schema, String mark, boolean ok, String latestKey, Instant finishedAt,
                      Long ageSeconds, Duration age, Long sizeBytes, String problem, String line) {

        static StatusView of(SchemaStatus s) {
            return new StatusView(s.schema().database(), s.schema().schema(), s.mark(), s.ok(), s.latestKey(),
                    s.finishedAt(), s.age() == null ? null : s.age().toSeconds(), s.age(), s.sizeBytes(), s.problem(),
                    s.line());
        }
    }
}
