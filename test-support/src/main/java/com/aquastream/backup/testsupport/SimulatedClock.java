package com.aquastream.backup.testsupport;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock a test moves by hand, handed to a service as its {@code @Primary Clock} (the catalog's schedule, request
 * times and retention then live in the simulated calendar). Deliberately not a {@code @Configuration}: only a context
 * given {@link Source} as an extra source gets it, component scanning never does.
 */
public final class SimulatedClock extends Clock {

    public static final SimulatedClock INSTANCE = new SimulatedClock();

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);

    public void set(Instant instant) {
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

    /** The bean source to add to a {@code SpringApplicationBuilder}. */
    public static class Source {

        @Bean
        @Primary
        Clock simulatedClock() {
            return INSTANCE;
        }
    }
}
