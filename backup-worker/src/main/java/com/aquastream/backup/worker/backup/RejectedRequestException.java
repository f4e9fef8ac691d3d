package com.aquastream.backup.worker.backup;

/** A request refused before any process, SQL or path saw it; already answered with {@code backup.failed}. */
public class RejectedRequestException extends RuntimeException {

    public RejectedRequestException(String message) {
        super(message);
    }
}
