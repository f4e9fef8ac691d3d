package com.aquastream.backup.catalog.backups;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What makes a worker's result trustworthy enough to record (issue 14): results are read from the bus, so a forged
 * or broken one must not reach the catalog. A result stamped in the future would rank as the newest backup in
 * retention (request times come from {@code startedAt} for requests the catalog did not issue) and push real backups
 * out, so any of its times ({@code occurredAt}, {@code startedAt}, {@code finishedAt}) lying more than the allowed
 * clock skew after the catalog's own clock refuses it. A refused result changes nothing: {@link #refuse} tells the
 * {@link BackupOutcomes} (counter, WARN line) and throws {@link UntrustedResultException}, which the platform's job
 * consumer dead-letters at once (an {@code IllegalArgumentException}: {@code Jobs.refusesAtOnce}).
 */
public final class ResultTrust {

    /** How far a result's times may lie ahead of the catalog's clock when none is configured. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration maxClockSkew;
    private final BackupOutcomes outcomes;

    /**
     * @param clock        the service's clock (a simulation's, where one runs), the "now" times are compared with
     * @param maxClockSkew how far ahead of {@code clock} a time may lie (the producers' clocks drift a little)
     */
    public ResultTrust(Clock clock, Duration maxClockSkew, BackupOutcomes outcomes) {
        this.clock = clock;
        this.maxClockSkew = maxClockSkew == null ? DEFAULT_MAX_CLOCK_SKEW : maxClockSkew;
        this.outcomes = outcomes;
    }

    /** The times of one result by field name, nulls left out, for {@link #requireNotInTheFuture}. */
    public static Map<String, Instant> times(Object... nameThenTime) {
        Map<String, Instant> times = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameThenTime.length; i += 2) {
            if (nameThenTime[i + 1] instanceof Instant at) {
                times.put((String) nameThenTime[i], at);
            }
        }
        return times;
    }

    /**
     * @throws UntrustedResultException when a time lies more than the skew after the catalog's clock
     */
    public void requireNotInTheFuture(String topic, SchemaRef schema, Map<String, Instant> times) {
        Instant latestAllowed = clock.instant().plus(maxClockSkew);
        times.forEach((field, at) -> {
            if (at.isAfter(latestAllowed)) {
                refuse(topic, schema, field + " " + at + " lies in the future (catalog clock " + clock.instant()
                        + ", allowed skew " + maxClockSkew + ")");
            }
        });
    }

    /**
     * Refuses a result: counted and logged through the outcomes, then thrown, so that nothing of it is recorded (a
     * transaction it is thrown in rolls back, event id included, and the record goes to the dead-letter topic).
     */
    void refuse(String topic, SchemaRef schema, String reason) {
        Objects.requireNonNull(reason, "reason");
        outcomes.untrusted(topic, schema, reason);
        throw new UntrustedResultException("untrusted " + topic + " of " + schema + ": " + reason);
    }

    /** A result the catalog refuses to record; never retried (the same bytes fail the same way). */
    public static final class UntrustedResultException extends IllegalArgumentException {
        UntrustedResultException(String message) {
            super(message);
        }
    }
}
