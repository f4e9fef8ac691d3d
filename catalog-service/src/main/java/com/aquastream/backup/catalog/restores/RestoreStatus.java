package com.aquastream.backup.catalog.restores;

/**
 * Where a restore command stands, as the catalog heard it: {@link #REQUESTED} until the restore-worker answers, then
 * exactly one terminal state ({@code restore.completed}, {@code .verified}, {@code .failed}, {@code .rejected}).
 */
public enum RestoreStatus {
    REQUESTED, COMPLETED, VERIFIED, FAILED, REJECTED;

    public boolean isTerminal() {
        return this != REQUESTED;
    }

    /** COMPLETED or VERIFIED: the command did what it was asked. */
    public boolean succeeded() {
        return this == COMPLETED || this == VERIFIED;
    }
}
