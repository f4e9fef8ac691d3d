package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.core.wal.WalRetention;
import java.time.Duration;

/**
 * How the archive of every cluster is kept: the point-in-time window retention keeps recoverable, how often retention
 * runs, and how often the WAL chain is checked for gaps (also right after each retention run). Checked when the service
 * starts, so a bad value stops it with a message naming the property.
 *
 * @param retentionWindow    every moment this far back stays recoverable ({@code backup.wal.retention.window})
 * @param retentionInterval  retention runs this often ({@code backup.wal.retention.interval})
 * @param chainCheckInterval the chain is checked this often ({@code backup.wal.chain-check-interval})
 */
public record HousekeepingSettings(Duration retentionWindow, Duration retentionInterval, Duration chainCheckInterval) {

    /** The defaults: a week's window, retention hourly, the chain checked every five minutes. */
    public static final HousekeepingSettings DEFAULTS = new HousekeepingSettings(WalRetention.DEFAULT_WINDOW,
            Duration.ofHours(1), Duration.ofMinutes(5));

    public HousekeepingSettings {
        WalSettings.requirePositive("backup.wal.retention.window", retentionWindow);
        WalSettings.requirePositive("backup.wal.retention.interval", retentionInterval);
        WalSettings.requirePositive("backup.wal.chain-check-interval", chainCheckInterval);
    }
}
