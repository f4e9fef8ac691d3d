package com.aquastream.backup.catalog;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock a test moves by hand, handed to the service as its {@code @Primary Clock}. Deliberately not a
 * {@code @Configuration}: only the tests that pass this class as an extra source get it, component scanning never does.
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

    /** The bean source: {@code CatalogInstance.start(db, props, SimulatedClock.Source.class)}. */
    static class Source {

        @Bean
        @Primary
        Clock simulatedClock() {
            return INSTANCE;
        }
    }
}
