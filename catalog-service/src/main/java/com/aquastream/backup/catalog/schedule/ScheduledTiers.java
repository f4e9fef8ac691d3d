package com.aquastream.backup.catalog.schedule;

import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.events.Tier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The tiers a scheduled backup serves: DAILY always, WEEKLY on Sunday (ISO week), MONTHLY on the 1st — plus the
 * carry-over: WEEKLY whenever its ISO week has no weekly copy yet, MONTHLY whenever its month has none. So every week
 * and month with at least one successful backup ends with a weekly / monthly copy even when its Sunday or its 1st
 * failed; a later Sunday backup of the same week simply overwrites the weekly key with the Sunday state.
 */
public final class ScheduledTiers {

    private ScheduledTiers() {
    }

    public static List<Tier> forSlot(LocalDate date, boolean weekHasCopy, boolean monthHasCopy) {
        Set<Tier> tiers = EnumSet.copyOf(BackupNaming.scheduledTiersFor(date));
        if (!weekHasCopy) {
            tiers.add(Tier.WEEKLY);
        }
        if (!monthHasCopy) {
            tiers.add(Tier.MONTHLY);
        }
        return List.copyOf(tiers);
    }

    /**
     * The tiers of a scheduled Redis snapshot: DAILY alone, every slot. A Redis backup is one object whatever its
     * tiers (the worker names it by the moment: {@code redis/{instance}/dump_{ts}.rdb.gz}) and the catalog keeps one
     * tier per key, so one tier it is; which snapshots stay as hourly, daily or weekly copies is retention's reading
     * ({@code RedisKeep}), not the request's.
     */
    static List<Tier> redisSnapshot(SchemaRef schema, Instant slot) {
        return List.of(Tier.DAILY);
    }
}
