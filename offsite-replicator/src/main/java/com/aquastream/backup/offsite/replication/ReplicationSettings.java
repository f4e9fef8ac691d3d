package com.aquastream.backup.offsite.replication;

import com.aquastream.backup.events.Tier;
import java.util.Set;

/**
 * What goes offsite and under which name the copy is reported.
 *
 * @param tiers  objects of these tiers are copied (the manual copies weekly and monthly backups)
 * @param target the offsite store's name in {@code backup.replicated.target}, e.g. {@code s3://offsite-backups}
 */
public record ReplicationSettings(Set<Tier> tiers, String target) {

    public ReplicationSettings {
        tiers = Set.copyOf(tiers);
    }
}
