package com.aquastream.backup.restore.recovery;

/** A restore command refused before any database was touched; already answered with {@code restore.rejected}. */
class RejectedCommandException extends RuntimeException {

    RejectedCommandException(String message) {
        super(message);
    }
}
