package com.aquastream.backup.offsite.replication;

import com.aquastream.backup.events.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The offsite store's own retention: keep the newest {@code weekly} weekly and {@code monthly} monthly copies of each
 * schema, counted among the copies the offsite holds. By default the manual's 4 and 3; an operator may keep more
 * offsite than on the primary (a year of weeklies, say) — then an expiry on the primary does not remove them here.
 *
 * <p>Count-based like the catalog's retention, never age-based, so an offsite that received nothing for a while
 * still keeps its last copies. Object names sort by their period ({@code weekly_user_2025-33}, {@code
 * monthly_user_2025-09}), so "newest" is the greatest name.
 */
record OffsiteRetention(int weekly, int monthly) {

    OffsiteRetention {
        if (weekly < 1 || monthly < 1) {
            throw new IllegalArgumentException("offsite retention must keep at least one weekly and one monthly copy");
        }
    }

    /** The copies among {@code offsiteKeys} (objects of one schema, sidecars excluded) this policy keeps. */
    Set<String> keep(List<String> offsiteKeys) {
        Set<String> kept = new HashSet<>();
        kept.addAll(newest(offsiteKeys, Tier.WEEKLY, weekly));
        kept.addAll(newest(offsiteKeys, Tier.MONTHLY, monthly));
        return kept;
    }

    static Tier tierOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.startsWith("weekly_")) {
            return Tier.WEEKLY;
        }
        if (name.startsWith("monthly_")) {
            return Tier.MONTHLY;
        }
        return null;
    }

    private static List<String> newest(List<String> keys, Tier tier, int count) {
        List<String> ofTier = new ArrayList<>(keys.stream().filter(k -> tierOf(k) == tier).toList());
        ofTier.sort(Comparator.reverseOrder());
        return ofTier.subList(0, Math.min(count, ofTier.size()));
    }
}
