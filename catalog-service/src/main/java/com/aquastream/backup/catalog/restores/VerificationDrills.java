package com.aquastream.backup.catalog.restores;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.BackupIds;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.Targets;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.catalog.schedule.SlotCalendar;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The manual's regular restore test ("Регулярная проверка", monthly): on every slot of the drill schedule, one signed
 * VERIFY command per scheduled PostgreSQL schema for its newest restore point, without a safety backup (a drill
 * restores into a scratch database and touches nothing). The restore id is derived from {@code database.schema@slot},
 * and a tick holds a database-wide lock and skips a drill already recorded, so duplicate ticks, catch-up ticks and
 * several instances issue each drill once. A schema without a restore point is drilled by the first tick of the same
 * slot after it has one.
 *
 * <p>For a database whose cluster is archived ({@code catalog.verification.pitr-databases}) each drill is followed by a
 * PITR drill (issue 17): a signed PITR_VERIFY of the same backup, which the restore-worker answers by recovering the
 * cluster to that backup's snapshot in a throw-away server and comparing the schema's row counts with the backup's.
 */
final class VerificationDrills {

    static final String REQUESTED_BY = "catalog:drill";

    private final SlotCalendar calendar;
    private final Targets targets;
    private final BackupCatalog catalog;
    private final RestoreLog restores;
    private final Outbox outbox;
    private final Transactions transactions;
    private final RestoreSigner signer;
    private final Set<String> pitrDatabases;

    VerificationDrills(SlotCalendar calendar, Targets targets, BackupCatalog catalog, RestoreLog restores,
                       Outbox outbox, Transactions transactions, RestoreSigner signer) {
        this(calendar, targets, catalog, restores, outbox, transactions, signer, Set.of());
    }

    VerificationDrills(SlotCalendar calendar, Targets targets, BackupCatalog catalog, RestoreLog restores,
                       Outbox outbox, Transactions transactions, RestoreSigner signer, Set<String> pitrDatabases) {
        this.pitrDatabases = Set.copyOf(pitrDatabases);
        this.calendar = calendar;
        this.targets = targets;
        this.catalog = catalog;
        this.restores = restores;
        this.outbox = outbox;
        this.transactions = transactions;
        this.signer = signer;
    }

    /**
     * Issues the drills of the most recent slot at or before {@code now} not issued yet.
     *
     * @return the commands this tick issued (empty without a signing key, without a slot, or when done already)
     */
    List<RestoreRequested> tick(Instant now) {
        Optional<Instant> slot = calendar.latestSlotAtOrBefore(now);
        if (slot.isEmpty() || !signer.enabled()) {
            return List.of();
        }
        return transactions.inTransaction(() -> {
            restores.lockDrills();
            List<RestoreRequested> issued = new ArrayList<>();
            for (SchemaRef schema : targets.schemas()) {
                UUID restoreId = BackupIds.drillRestore(schema, slot.get());
                UUID pitrRestoreId = BackupIds.pitrDrillRestore(schema, slot.get());
                boolean verify = restores.find(restoreId).isEmpty();
                boolean pitr = pitrDatabases.contains(schema.database()) && restores.find(pitrRestoreId).isEmpty();
                if (!verify && !pitr) {
                    continue;
                }
                Optional<Backup> newest = RestorePoints.newest(catalog.history(schema), null);
                newest.filter(backup -> verify)
                        .ifPresent(backup -> issued.add(drill(backup, restoreId, RestoreMode.VERIFY, now)));
                newest.filter(backup -> pitr)
                        .ifPresent(backup -> issued.add(drill(backup, pitrRestoreId, RestoreMode.PITR_VERIFY, now)));
            }
            return issued;
        });
    }

    private RestoreRequested drill(Backup backup, UUID restoreId, RestoreMode mode, Instant now) {
        RestoreRequested command = signer.signed(new RestoreRequested(UUID.randomUUID(), now, backup.database(),
                backup.schema(), restoreId, backup.backupId(), backup.restoreKey().orElseThrow(), null,
                mode, false, REQUESTED_BY, null).withSha256(backup.sha256()));
        restores.save(Restore.requested(command));
        outbox.enqueue(command);
        return command;
    }
}
