package com.aquastream.backup.catalog.backups;

/**
 * Where a backup stands in the catalog.
 *
 * <ul>
 *   <li>{@link #COMPLETED}: its objects exist in the store (a restore point);</li>
 *   <li>{@link #FAILED}: the request ended without objects; kept as history and for the status check;</li>
 *   <li>{@link #EXPIRED}: retention let it go; its objects were (or are being) deleted;</li>
 *   <li>{@link #CORRUPT}: a restore found its stored bytes different from its recorded checksum.</li>
 * </ul>
 */
public enum BackupStatus {
    COMPLETED, FAILED, EXPIRED, CORRUPT
}
