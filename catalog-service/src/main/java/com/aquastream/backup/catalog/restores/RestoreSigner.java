package com.aquastream.backup.catalog.restores;

import com.aquastream.backup.events.RestoreRequested;

/**
 * Signs restore commands with the key shared with the restore-worker (DESIGN.md, Security). Without a key the
 * catalog cannot issue restores at all: {@link #DISABLED} refuses every command, and drills are off.
 */
interface RestoreSigner {

    /** @throws RestoresDisabledException when no signing key is configured */
    RestoreRequested signed(RestoreRequested command);

    boolean enabled();

    RestoreSigner DISABLED = new RestoreSigner() {
        @Override
        public RestoreRequested signed(RestoreRequested command) {
            throw new RestoresDisabledException();
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };
}
