package com.aquastream.backup.events;

/** One object of a backup in the store: the tier it serves and its key (e.g. {@code postgres/app/weekly_user_2025-33.dump.gz}). */
public record StoredObject(Tier tier, String key) {
}
