package com.aquastream.backup.offsite.replication;

import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.events.Tier;
import java.util.Objects;
import java.util.Set;

/**
 * What goes offsite, under which name the copy is reported, and how it is encrypted.
 *
 * @param tiers   objects of these tiers are copied (the manual copies weekly and monthly backups)
 * @param target  the offsite store's name in {@code backup.replicated.target}, e.g. {@code s3://offsite-backups}
 * @param keyring when it has a keyset, copies are encrypted with its primary key; copies under its other keys still
 *                count as correct (a rotation does not re-copy everything). Empty: copies are stored as they are
 */
record ReplicationSettings(Set<Tier> tiers, String target, Keyring keyring) {

    ReplicationSettings {
        tiers = Set.copyOf(tiers);
        Objects.requireNonNull(keyring, "keyring");
    }

    /** Unencrypted copies. */
    ReplicationSettings(Set<Tier> tiers, String target) {
        this(tiers, target, Keyring.empty());
    }
}
