package com.aquastream.backup.e2e;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock the test moves by hand, handed to catalog-service as its {@code @Primary Clock}, so its schedule, request
 * times and retention live in the simulated calendar. Not a {@code @Configuration}: only a context given
 * {@link Source} as an extra source gets it. The backup-worker keeps the real clock: its consumer loop times
 * back-offs with it, and it names objects from the request's {@code scheduledFor}, not from its own time.
 */
final class SimulatedClock extends Clock {

    static final SimulatedClock INSTANCE = new SimulatedClock();

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);

    void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** The bean source: {@code CatalogInstance.start(..., SimulatedClock.Source.class)}. */
    static class Source {

        @Bean
        @Primary
        Clock simulatedClock() {
            return INSTANCE;
        }
    }
}
