package com.aquastream.backup.catalog.restores;

/** A restore the catalog will not request, with the reason an operator reads. */
public final class RestoreRefusedException extends RuntimeException {

    /** Why: the thing named does not exist, or it exists but is no restore point. */
    public enum Kind { UNKNOWN, NOT_RESTORABLE }

    private final Kind kind;

    RestoreRefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
