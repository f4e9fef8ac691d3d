package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.events.Tier;

/**
 * A filter over the catalog; {@code null} fields match everything. Results come newest first (by request time).
 *
 * @param tier  backups that still own an object of this tier, or that were requested for it
 * @param limit at most this many results
 */
public record BackupQuery(String database, String schema, Tier tier, BackupStatus status, int limit) {
}
