package com.aquastream.backup.catalog.backups;

import java.time.Duration;
import java.time.Instant;

/**
 * The manual's monitoring check for one schema: its latest backup's object, age and size, and ✓ or ✗.
 *
 * @param ok        {@code true} when the latest backup (by request time) completed
 * @param latestKey the latest completed backup's object key, {@code null} when there is none
 * @param age       time since that backup finished
 * @param problem   why ✗ (no backup, latest failed, ...), {@code null} when ✓
 */
public record SchemaStatus(SchemaRef schema, boolean ok, String latestKey, Instant finishedAt, Duration age,
                           Long sizeBytes, String problem) {

    public String mark() {
        return ok ? "✓" : "✗";
    }

    /** The line the manual's shell loop prints, e.g. {@code ✓ user: user_20250818.dump.gz (1234 bytes)}. */
    public String line() {
        if (latestKey == null) {
            return mark() + " " + schema.schema() + ": NO BACKUP FOUND";
        }
        String name = latestKey.substring(latestKey.lastIndexOf('/') + 1);
        return mark() + " " + schema.schema() + ": " + name + " (" + sizeBytes + " bytes)"
                + (ok ? "" : " — " + problem);
    }
}
