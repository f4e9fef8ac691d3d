package com.aquastream.backup.core.consumer;

/** Thrown by a {@link Job} that stopped because it was aborted; its record will be redelivered. */
public class JobAbortedException extends RuntimeException {

    public JobAbortedException(String message) {
        super(message);
    }
}
