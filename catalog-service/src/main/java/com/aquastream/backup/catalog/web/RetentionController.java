package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.retention.Retention;
import com.aquastream.backup.catalog.retention.RetentionPlan;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Retention: the plan as a dry run (a reason for every decision), and applying it now. */
@RestController
class RetentionController {

    private final Retention retention;
    private final Clock clock;

    RetentionController(Retention retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Operation(summary = "Dry run: what retention would keep and expire, and why; changes nothing")
    @GetMapping("/api/retention/plan")
    List<RetentionPlan> plan(@RequestParam(required = false) String database,
                             @RequestParam(required = false) String schema) {
        return retention.dryRun(schemaOrNull(database, schema), clock.instant());
    }

    @Operation(summary = "Apply retention now (it also runs after every completion and on its cron); needs the token")
    @PostMapping("/api/retention/apply")
    List<RetentionPlan> apply(@RequestParam(required = false) String database,
                              @RequestParam(required = false) String schema) {
        SchemaRef only = schemaOrNull(database, schema);
        Instant now = clock.instant();
        return only == null ? retention.applyAll(now) : List.of(retention.apply(only, now));
    }

    private static SchemaRef schemaOrNull(String database, String schema) {
        if ((database == null) != (schema == null)) {
            throw new IllegalArgumentException("give both database and schema, or neither");
        }
        return database == null ? null : new SchemaRef(database, schema);
    }
}
