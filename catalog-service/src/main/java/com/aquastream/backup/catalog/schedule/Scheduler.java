package com.aquastream.backup.catalog.schedule;

import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.BackupIds;
import com.aquastream.backup.catalog.backups.KnownRequest;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.backups.Targets;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The backup schedule. A tick requests the most recent due slot for every configured schema that has no request for
 * it yet: one {@code backup.requested} per schema with the deterministic id {@code database.schema@slot}, trigger
 * SCHEDULE and the tiers of {@link ScheduledTiers}, written to the outbox in the same transaction as the slot's row.
 *
 * <p>The same method serves the cron trigger, the catch-up at start (a slot missed while the service was down is the
 * most recent due slot without a row) and any driver with its own clock, e.g. a simulation of 120 days that calls
 * {@code tick(day N, 02:00)} in turn. Several instances never double-schedule: a tick holds a database-wide lock,
 * the slot row is unique, and the request id is deterministic anyway.
 */
public final class Scheduler {

    static final String REQUESTED_BY = "catalog-scheduler";

    private final SlotCalendar calendar;
    private final Targets targets;
    private final ScheduleBook book;
    private final BackupCatalog catalog;
    private final Outbox outbox;
    private final Transactions transactions;
    private final SlotTiers slotTiers;

    /** The tiers of one scheduled request of a schema. */
    @FunctionalInterface
    public interface SlotTiers {
        List<Tier> tiersFor(SchemaRef schema, Instant slot);
    }

    /** The PostgreSQL schedule: tiers by {@link ScheduledTiers} with carry-over from what the book holds. */
    Scheduler(SlotCalendar calendar, Targets targets, ScheduleBook book, BackupCatalog catalog, Outbox outbox,
                     Transactions transactions) {
        this(calendar, targets, book, catalog, outbox, transactions, null);
    }

    /**
     * A schedule whose requests carry the tiers {@code slotTiers} gives, e.g. {@link ScheduledTiers#redisSnapshot}
     * for the hourly Redis snapshots.
     */
    Scheduler(SlotCalendar calendar, Targets targets, ScheduleBook book, BackupCatalog catalog, Outbox outbox,
                     Transactions transactions, SlotTiers slotTiers) {
        this.calendar = calendar;
        this.targets = targets;
        this.book = book;
        this.catalog = catalog;
        this.outbox = outbox;
        this.transactions = transactions;
        this.slotTiers = slotTiers != null ? slotTiers : this::tiersFor;
    }

    /**
     * Requests the most recent slot at or before {@code now} for every schema not yet requested for it.
     *
     * @return the requests this tick issued (empty when another tick already did)
     */
    public List<BackupRequested> tick(Instant now) {
        Optional<Instant> slot = calendar.latestSlotAtOrBefore(now);
        if (slot.isEmpty()) {
            return List.of();
        }
        return transactions.inTransaction(() -> {
            book.lockTicks();
            List<BackupRequested> issued = new ArrayList<>();
            for (SchemaRef schema : targets.schemas()) {
                if (!book.isScheduled(schema, slot.get())) {
                    issued.add(request(schema, slot.get(), now));
                }
            }
            return issued;
        });
    }

    private BackupRequested request(SchemaRef schema, Instant slot, Instant now) {
        UUID requestId = BackupIds.scheduledRequest(schema, slot);
        List<Tier> tiers = slotTiers.tiersFor(schema, slot);
        BackupRequested request = new BackupRequested(UUID.randomUUID(), now, schema.database(), schema.schema(),
                requestId, tiers, Trigger.SCHEDULE, REQUESTED_BY, slot);
        book.recordScheduled(schema, slot, requestId);
        catalog.recordRequest(new KnownRequest(requestId, schema, tiers, Trigger.SCHEDULE, REQUESTED_BY, slot));
        outbox.enqueue(request);
        return request;
    }

    /** Date rules plus carry-over: does this slot's week / month already hold a copy from a completed backup? */
    private List<Tier> tiersFor(SchemaRef schema, Instant slot) {
        LocalDate date = slot.atZone(ZoneOffset.UTC).toLocalDate();
        boolean weekHasCopy = book.hasLiveObject(schema, keyStem(schema, Tier.WEEKLY, slot));
        boolean monthHasCopy = book.hasLiveObject(schema, keyStem(schema, Tier.MONTHLY, slot));
        return ScheduledTiers.forSlot(date, weekHasCopy, monthHasCopy);
    }

    /** The key without its compression extension, so a copy in either codec counts. */
    static String keyStem(SchemaRef schema, Tier tier, Instant slot) {
        String key = BackupNaming.objectKey(schema.database(), schema.schema(), tier, slot, Compression.GZIP);
        return key.substring(0, key.length() - Compression.GZIP.extension().length());
    }
}
