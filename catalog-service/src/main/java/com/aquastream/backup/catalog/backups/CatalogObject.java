package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.events.Tier;
import java.util.Objects;

/**
 * One object key in the store as the catalog knows it: the tier it serves and whether it still holds data.
 *
 * <p>A key belongs to exactly one backup, the newest that wrote it: the weekly key is per ISO week, so a Sunday
 * backup overwrites the weekly copy an earlier backup of the same week wrote, and the key moves to the Sunday backup.
 * Retention therefore only ever expires keys their owner still holds.
 */
public record CatalogObject(String key, Tier tier, ObjectStatus status) {

    public CatalogObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(status, "status");
    }

    public static CatalogObject active(Tier tier, String key) {
        return new CatalogObject(key, tier, ObjectStatus.ACTIVE);
    }

    public boolean isActive() {
        return status == ObjectStatus.ACTIVE;
    }
}
