package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * On-demand backups (the manual's {@code make backup}): one {@code backup.requested} with trigger and tier MANUAL per
 * schema, through the outbox. Only configured targets may be requested, so a typo is a clear error here instead of a
 * refusal by the worker later.
 */
public final class ManualBackups {

    private final Targets targets;
    private final BackupCatalog catalog;
    private final Outbox outbox;
    private final Transactions transactions;

    ManualBackups(Targets targets, BackupCatalog catalog, Outbox outbox, Transactions transactions) {
        this.targets = targets;
        this.catalog = catalog;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /**
     * Requests a manual backup of {@code schema}, or of every configured schema of {@code database} when
     * {@code schema} is {@code null} or {@code "all"}.
     *
     * @throws IllegalArgumentException for a database or schema that is not a configured target
     */
    public List<KnownRequest> request(String database, String schema, String requestedBy, Instant now) {
        List<SchemaRef> chosen = choose(database, schema);
        // Seconds: the manual key names the moment to the second (manual_{schema}_{yyyyMMdd'T'HHmmss'Z'}).
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        return transactions.inTransaction(() -> chosen.stream().map(target -> {
            KnownRequest request = new KnownRequest(UUID.randomUUID(), target, List.of(Tier.MANUAL), Trigger.MANUAL,
                    requestedBy, at);
            catalog.recordRequest(request);
            outbox.enqueue(new BackupRequested(UUID.randomUUID(), now, target.database(), target.schema(),
                    request.requestId(), request.tiers(), Trigger.MANUAL, requestedBy, at));
            return request;
        }).toList());
    }

    private List<SchemaRef> choose(String database, String schema) {
        String db = database != null ? database : targets.soleDatabase().orElseThrow(() ->
                new IllegalArgumentException("name the database: configured are " + targets.databases()));
        List<SchemaRef> ofDatabase = targets.of(db);
        if (ofDatabase.isEmpty()) {
            throw new IllegalArgumentException("database " + db + " is not configured; configured are "
                    + targets.databases());
        }
        if (schema == null || schema.equals("all")) {
            return ofDatabase;
        }
        SchemaRef one = new SchemaRef(db, schema);
        if (!targets.contains(one)) {
            throw new IllegalArgumentException("schema " + one + " is not configured; configured are "
                    + ofDatabase.stream().map(SchemaRef::schema).toList());
        }
        return List.of(one);
    }
}
