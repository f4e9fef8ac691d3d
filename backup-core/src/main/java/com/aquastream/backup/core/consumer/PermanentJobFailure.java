package com.aquastream.backup.core.consumer;

/**
 * Thrown by {@link Job#run()} for a failure that no further delivery can heal (the record itself is refused, e.g. an
 * expiry that would delete the newest backup of a tier): the consumer gives up at once, as after the last of its
 * bounded attempts ({@link Job#failedPermanently}, dead letter, commit), instead of delivering it again.
 */
public class PermanentJobFailure extends RuntimeException {

    public PermanentJobFailure(String message) {
        super(message);
    }
}
