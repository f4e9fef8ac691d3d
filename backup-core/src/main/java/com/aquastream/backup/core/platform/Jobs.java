package com.aquastream.backup.core.platform;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.consumer.PermanentJobFailure;
import com.aquastream.backup.core.naming.InvalidIdentifierException;
import com.aquastream.backup.events.MalformedEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs for consumers that record what they read (the catalog's results, the alerting's events): short work in the
 * service's database, no answer of their own to publish. The platform's policy applies: an infrastructure failure
 * (database down) is delivered again after {@code backup.platform.consumer.redelivery-backoff}, up to
 * {@code max-attempts}, then dead-lettered; a record the work refuses ({@link #refusesAtOnce}) is dead-lettered at
 * once, because the same bytes fail the same way.
 */
public final class Jobs {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    private Jobs() {
    }

    /** A job running {@code work}; {@code what} names the record in the log when it is given up. */
    public static Job recording(String what, Runnable work) {
        return new Job() {
            @Override
            public void run() {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    if (refusesAtOnce(e)) {
                        throw new PermanentJobFailure(what + " refused: " + e);
                    }
                    throw e;
                }
            }

            @Override
            public void abort() {
                // short database work: it ends on its own
            }

            @Override
            public void failedPermanently(int deliveries, String reason) {
                log.error("{} given up after {} deliveries, dead-lettered: {}", what, deliveries, reason);
            }
        };
    }

    /**
     * Failures of the record itself, not of the infrastructure: a malformed event, an invalid name, an argument the
     * use case refuses ({@link IllegalArgumentException} and its subclasses), a missing required value.
     */
    public static boolean refusesAtOnce(Throwable e) {
        return e instanceof MalformedEventException || e instanceof InvalidIdentifierException
                || e instanceof IllegalArgumentException || e instanceof NullPointerException
                || e instanceof PermanentJobFailure;
    }
}
