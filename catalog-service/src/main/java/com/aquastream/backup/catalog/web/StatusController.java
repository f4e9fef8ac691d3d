package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.backups.SchemaStatus;
import com.aquastream.backup.catalog.backups.StatusReport;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The manual's monitoring check: per schema the latest object, its age and size, ✓ or ✗. */
@RestController
class StatusController {

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

    record StatusView(String database, String schema, String mark, boolean ok, String latestKey, Instant finishedAt,
                      Long ageSeconds, Duration age, Long sizeBytes, String problem, String line) {

        static StatusView of(SchemaStatus s) {
            return new StatusView(s.schema().database(), s.schema().schema(), s.mark(), s.ok(), s.latestKey(),
                    s.finishedAt(), s.age() == null ? null : s.age().toSeconds(), s.age(), s.sizeBytes(), s.problem(),
                    s.line());
        }
    }
}
