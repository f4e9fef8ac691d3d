package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.events.BackupExpired;

/**
 * Signs {@code backup.expired} with the expiry key shared with the deleters (backup-worker, offsite-replicator;
 * DESIGN.md, Security), who delete nothing for an expiry without a valid signature. Without a key the catalog does
 * not expire anything at all: {@link #DISABLED} pauses retention, so the catalog never records as expired what no
 * deleter would delete.
 */
interface ExpirySigner {

    /** @throws IllegalStateException when no signing key is configured */
    BackupExpired signed(BackupExpired expiry);

    boolean enabled();

    /** Why nothing expires without a key: the reason the retention plan shows. */
    String DISABLED_REASON = "retention paused: expiries are disabled, the catalog has no expiry signing key"
            + " (catalog.expiry.signing-key / EXPIRY_SIGNING_KEY)";

    ExpirySigner DISABLED = new ExpirySigner() {
        @Override
        public BackupExpired signed(BackupExpired expiry) {
            throw new IllegalStateException(DISABLED_REASON);
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };
}
