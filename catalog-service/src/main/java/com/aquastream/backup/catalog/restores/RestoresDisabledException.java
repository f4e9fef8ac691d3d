package com.aquastream.backup.catalog.restores;

/** No restore signing key is configured, so the catalog cannot issue restore commands (the API answers 503). */
public final class RestoresDisabledException extends RuntimeException {

    RestoresDisabledException() {
        super("restores are disabled: no restore signing key is configured (set RESTORE_SIGNING_KEY, the key the"
                + " restore-worker checks commands with, at least 32 bytes)");
    }
}
