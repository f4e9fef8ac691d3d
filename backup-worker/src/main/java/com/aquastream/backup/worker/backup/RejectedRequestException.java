package com.aquastream.backup.worker.backup;

/** A request refused before any process, SQL or path saw it; already answered with {@code backup.failed}. */
class RejectedRequestException extends RuntimeException {

    RejectedRequestException(String message) {
        super(message);
    }
}
