package com.aquastream.backup.alerting.alert;

import java.time.Duration;

/**
 * Retries of a channel that is down: exponential backoff from {@code initialBackoff}, times {@code multiplier},
 * capped at {@code maxBackoff}, for at most {@code maxAttempts} attempts in all.
 */
record DeliveryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    DeliveryPolicy {
        if (maxAttempts < 1 || multiplier < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 and multiplier >= 1");
        }
    }

    /** The wait after the {@code attempts}-th failed attempt (1-based). */
    Duration backoffAfter(int attempts) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }
}
