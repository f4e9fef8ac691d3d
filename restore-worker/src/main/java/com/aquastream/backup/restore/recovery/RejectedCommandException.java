package com.aquastream.backup.restore.recovery;

/** A restore command refused before any database was touched; already answered with {@code restore.rejected}. */
public class RejectedCommandException extends RuntimeException {

    public RejectedCommandException(String message) {
        super(message);
    }
}
