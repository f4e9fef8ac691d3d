package com.aquastream.backup.alerting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves forward by hand, so a 25 h window passes in milliseconds. A {@link #ticking} one also moves
 * with real time in between: what a running service needs, whose platform consumer and timer measure their own
 * waits (readiness, redelivery backoff, shutdown) with the service's clock.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final boolean ticking;
    private final long startNanos = System.nanoTime();

    /** Stands still until the test moves it. */
    public MutableClock(Instant start) {
        this(start, false);
    }

    private MutableClock(Instant start, boolean ticking) {
        this.now = new AtomicReference<>(start);
        this.ticking = ticking;
    }

    /** Starts at {@code start}, moves with real time, and jumps when the test {@link #advance}s it. */
    public static MutableClock ticking(Instant start) {
        return new MutableClock(start, true);
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        Instant set = now.get();
        // Nanoseconds, like the system clock: the service must not rely on instants PostgreSQL could store exactly.
        return ticking ? set.plusNanos(System.nanoTime() - startNanos) : set;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
