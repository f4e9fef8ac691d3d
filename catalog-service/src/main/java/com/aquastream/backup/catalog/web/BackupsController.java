package com.aquastream.backup.catalog.web;

import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.BackupQuery;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.KnownRequest;
import com.aquastream.backup.catalog.backups.ManualBackups;
import com.aquastream.backup.catalog.backups.Pins;
import com.aquastream.backup.catalog.backups.StatusReport;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.events.Tier;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Backups: list and filter, latest per schema, manual backup, pin and unpin. */
@RestController
@RequestMapping("/api/backups")
class BackupsController {

    private static final int MAX_LIMIT = 1000;
    private static final Pattern REQUESTER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final BackupCatalog catalog;
    private final Transactions transactions;
    private final StatusReport status;
    private final ManualBackups manualBackups;
    private final Pins pins;
    private final Clock clock;

    BackupsController(BackupCatalog catalog, Transactions transactions, StatusReport status,
                      ManualBackups manualBackups, Pins pins, Clock clock) {
        this.catalog = catalog;
        this.transactions = transactions;
        this.status = status;
        this.manualBackups = manualBackups;
        this.pins = pins;
        this.clock = clock;
    }

    @Operation(summary = "List backups, newest first; every filter is optional")
    @GetMapping
    List<BackupView> list(@RequestParam(required = false) String database,
                          @RequestParam(required = false) String schema,
                          @RequestParam(required = false) String tier,
                          @RequestParam(required = false) String status,
                          @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        BackupQuery query = new BackupQuery(identifierOrNull("database", database), identifierOrNull("schema", schema),
                enumOrNull(Tier.class, "tier", tier), enumOrNull(BackupStatus.class, "status", status), limit);
        return transactions.inTransaction(() -> catalog.search(query)).stream().map(BackupView::of).toList();
    }

    @Operation(summary = "The newest completed backup of every schema")
    @GetMapping("/latest")
    List<BackupView> latest() {
        return status.latestCompleted().stream().map(BackupView::of).toList();
    }

    @Operation(summary = "One backup")
    @GetMapping("/{backupId}")
    ResponseEntity<BackupView> one(@PathVariable UUID backupId) {
        return transactions.inTransaction(() -> catalog.find(backupId)).map(BackupView::of)
                .map(ResponseEntity::ok)
                .orElseThrow(() -> new NotFoundException("no backup " + backupId));
    }

    @Operation(summary = "Request a manual backup of one schema, or of all (schema omitted or \"all\"); needs the token")
    @PostMapping
    ResponseEntity<ManualBackupResponse> request(@RequestBody(required = false) ManualBackupRequest body) {
        ManualBackupRequest request = body == null ? new ManualBackupRequest(null, null, null) : body;
        String database = identifierOrNull("database", request.database());
        String schema = "all".equals(request.schema()) ? "all" : identifierOrNull("schema", request.schema());
        String requestedBy = request.requestedBy() == null || request.requestedBy().isBlank() ? "api"
                : requireRequester(request.requestedBy());
        Instant now = clock.instant();
        List<KnownRequest> issued = manualBackups.request(database, schema, requestedBy, now);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(ManualBackupResponse.of(issued));
    }

    @Operation(summary = "Pin a backup: retention never expires it; needs the token")
    @PostMapping("/{backupId}/pin")
    BackupView pin(@PathVariable UUID backupId) {
        return pins.set(backupId, true).map(BackupView::of)
                .orElseThrow(() -> new NotFoundException("no backup " + backupId));
    }

    @Operation(summary = "Unpin a backup: retention counts it again; needs the token")
    @DeleteMapping("/{backupId}/pin")
    BackupView unpin(@PathVariable UUID backupId) {
        return pins.set(backupId, false).map(BackupView::of)
                .orElseThrow(() -> new NotFoundException("no backup " + backupId));
    }

    static String identifierOrNull(String what, String value) {
        return value == null || value.isEmpty() ? null : Identifiers.requireIdentifier(what, value);
    }

    /** Who asked ends up in an event and in logs: a short plain name only. */
    static String requireRequester(String value) {
        if (!REQUESTER.matcher(value).matches()) {
            throw new IllegalArgumentException("requestedBy " + Identifiers.describe(value)
                    + " must be 1 to 64 of letters, digits and . _ @ -");
        }
        return value;
    }

    static <E extends Enum<E>> E enumOrNull(Class<E> type, String what, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " " + Identifiers.describe(value) + " is not one of "
                    + List.of(type.getEnumConstants()));
        }
    }

    /** Body of a manual backup request; every field is optional. */
    record ManualBackupRequest(String database, String schema, String requestedBy) {
    }

    record ManualBackupResponse(List<UUID> requestIds, List<Issued> requests) {

        static ManualBackupResponse of(List<KnownRequest> issued) {
            return new ManualBackupResponse(issued.stream().map(KnownRequest::requestId).toList(),
                    issued.stream().map(r -> new Issued(r.requestId(), r.schema().database(), r.schema().schema(),
                            r.requestedAt())).toList());
        }

        record Issued(UUID requestId, String database, String schema, Instant scheduledFor) {
        }
    }
}
