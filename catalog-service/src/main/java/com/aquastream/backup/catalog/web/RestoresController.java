package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.restores.Restore;
import com.aquastream.backup.catalog.restores.RestoreRequests;
import com.aquastream.backup.catalog.restores.RestoreRequests.Batch;
import com.aquastream.backup.catalog.restores.RestoreRequests.Options;
import com.aquastream.backup.catalog.restores.RestoreRequests.Skipped;
import com.aquastream.backup.catalog.restores.RestoreRequests.Unconfigured;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.WalEvent;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Restores: of one backup, of every schema of a database as of a moment, and their progress. Requests are signed
 * {@code restore.requested} commands published through the outbox; the answers come from the restore-worker.
 */
@RestController
@RequestMapping("/api/restores")
class RestoresController {

    private static final int MAX_LIMIT = 1000;

    private final RestoreRequests restores;
    private final Clock clock;

    RestoresController(RestoreRequests restores, Clock clock) {
        this.restores = restores;
        this.clock = clock;
    }

    @Operation(summary = "Restore (or VERIFY) one backup, or with mode PITR recover a schema (or a cluster) to asOf;"
            + " 202 with the restore id; needs the token")
    @PostMapping
    ResponseEntity<Accepted> restore(@RequestBody RestoreRequest body) {
        if (body == null) {
            throw new IllegalArgumentException("backupId is required");
        }
        Options options = options(body.targetDatabase(), body.mode(), body.safetyBackup(), body.force());
        Restore restore = options.mode() == RestoreMode.PITR ? pointInTime(body, options)
                : restores.restore(requireBackupId(body), options, clock.instant());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Accepted.of(restore));
    }

    private static UUID requireBackupId(RestoreRequest body) {
        if (body.backupId() == null) {
            throw new IllegalArgumentException("backupId is required");
        }
        return body.backupId();
    }

    /**
     * Mode PITR: {@code database} and {@code schema} (or {@code cluster} for the whole cluster, schema
     * {@code pg_cluster}) and {@code asOf}; no backup.
     */
    private Restore pointInTime(RestoreRequest body, Options options) {
        if (body.backupId() != null) {
            throw new IllegalArgumentException("mode PITR names no backup: give database and schema (or cluster) and"
                    + " asOf, not backupId");
        }
        Instant asOf = instantOrNull("asOf", body.asOf());
        if (asOf == null) {
            throw new IllegalArgumentException("asOf is required with mode PITR: the moment to recover to");
        }
        SchemaRef schema;
        if (body.cluster() != null && !body.cluster().isEmpty()) {
            if (body.database() != null || body.schema() != null) {
                throw new IllegalArgumentException("give either cluster or database and schema, not both");
            }
            schema = new SchemaRef(body.cluster(), WalEvent.CLUSTER_SCHEMA);
        } else if (body.database() == null || body.schema() == null) {
            throw new IllegalArgumentException("mode PITR needs database and schema (or cluster)");
        } else {
            schema = new SchemaRef(body.database(), body.schema());
        }
        return restores.pointInTime(schema, asOf, options, clock.instant());
    }

    @Operation(summary = "Restore every configured schema of a database from its newest backup at or before asOf;"
            + " needs the token")
    @PostMapping("/all")
    ResponseEntity<BatchAccepted> restoreAll(@RequestBody RestoreAllRequest body) {
        if (body == null || body.database() == null || body.database().isEmpty()) {
            throw new IllegalArgumentException("database is required");
        }
        String database = Identifiers.requireIdentifier("database", body.database());
        Instant asOf = instantOrNull("asOf", body.asOf());
        Batch batch = restores.restoreAll(database, asOf, options(body.targetDatabase(), body.mode(),
                body.safetyBackup(), body.force()), clock.instant());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(BatchAccepted.of(database, batch));
    }

    @Operation(summary = "One restore and its outcome")
    @GetMapping("/{restoreId}")
    RestoreView one(@PathVariable UUID restoreId) {
        return restores.find(restoreId).map(RestoreView::of)
                .orElseThrow(() -> new NotFoundException("no restore " + restoreId));
    }

    @Operation(summary = "The restores of one restore-all (batchId), else the most recent ones")
    @GetMapping
    List<RestoreView> list(@RequestParam(required = false) UUID batchId,
                           @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        List<Restore> found = batchId != null ? restores.ofBatch(batchId) : restores.recent(limit);
        if (batchId != null && found.isEmpty()) {
            throw new NotFoundException("no restore-all " + batchId);
        }
        return found.stream().map(RestoreView::of).toList();
    }

    private static Options options(String targetDatabase, String mode, Boolean safetyBackup, Boolean force) {
        return new Options(BackupsController.identifierOrNull("targetDatabase", targetDatabase),
                BackupsController.enumOrNull(RestoreMode.class, "mode", mode),
                safetyBackup == null || safetyBackup, force != null && force);
    }

    private static Instant instantOrNull(String what, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " " + Identifiers.describe(value)
                    + " is not an ISO-8601 instant such as 2025-08-18T02:30:00Z");
        }
    }

    /**
     * Body of a restore of one backup (only {@code backupId} is required), or with mode PITR of a point-in-time
     * recovery ({@code database}, {@code schema} or {@code cluster}, and {@code asOf}, an ISO-8601 instant, required).
     */
    record RestoreRequest(UUID backupId, String targetDatabase, String mode, Boolean safetyBackup, Boolean force,
                          String database, String schema, String cluster, String asOf) {
    }

    /** Body of a restore-all; only {@code database} is required. {@code asOf} is an ISO-8601 instant. */
    record RestoreAllRequest(String database, String asOf, String targetDatabase, String mode, Boolean safetyBackup,
                             Boolean force) {
    }

    /** @param asOf the moment of a point-in-time recovery, else null */
    record Accepted(UUID restoreId, String database, String schema, UUID backupId, String key, String mode,
                    Instant asOf) {

        static Accepted of(Restore r) {
            return new Accepted(r.restoreId(), r.database(), r.schema(), r.backupId(), r.key(), r.mode().name(),
                    r.mode() == RestoreMode.PITR ? r.asOf() : null);
        }
    }

    /**
     * @param skipped      configured schemas without a restore point (a restore-all that skips one is incomplete)
     * @param unconfigured schemas of the database that are not configured but have a restore point: not restored,
     *                     listed so an operator can restore them one by one
     */
    record BatchAccepted(UUID batchId, String database, Instant asOf, List<Issued> restores, List<Skipped> skipped,
                         List<Unconfigured> unconfigured) {

        static BatchAccepted of(String database, Batch batch) {
            return new BatchAccepted(batch.batchId(), database, batch.asOf(), batch.restores().stream()
                    .map(r -> new Issued(r.restoreId(), r.schema(), r.backupId(), r.key())).toList(), batch.skipped(),
                    batch.unconfigured());
        }

        record Issued(UUID restoreId, String schema, UUID backupId, String key) {
        }
    }
}
