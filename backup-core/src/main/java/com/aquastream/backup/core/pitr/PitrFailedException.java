package com.aquastream.backup.core.pitr;

import java.io.IOException;

/** A point-in-time recovery that could not reach its target; {@link #reason()} says which way it failed. */
public final class PitrFailedException extends IOException {

    /** How it failed, for the caller's error code. */
    public enum Reason {
        /** No base backup of the cluster had finished before the target. */
        NO_BASE_BACKUP,
        /** The base backup's archive is damaged or fails its manifest. */
        BASE_BACKUP_DAMAGED,
        /** A WAL segment the recovery needs is not in the archive though later ones are. */
        MISSING_SEGMENT,
        /** A WAL segment the recovery needs does not match its sidecar. */
        CORRUPT_SEGMENT,
        /** The server did not finish the recovery (its log says why). */
        RECOVERY_FAILED
    }

    private final Reason reason;
    private final String segment;

    public PitrFailedException(Reason reason, String segment, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.segment = segment;
    }

    public Reason reason() {
        return reason;
    }

    /** The WAL segment at fault, for {@link Reason#MISSING_SEGMENT} and {@link Reason#CORRUPT_SEGMENT}. */
    public String segment() {
        return segment;
    }
}
