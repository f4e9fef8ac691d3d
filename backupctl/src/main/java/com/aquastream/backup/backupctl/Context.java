package com.aquastream.backup.backupctl;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * What the commands work with; {@link #fromEnvironment()} for the real program, fakes in the unit tests.
 *
 * @param bus     opens a connection to the bus, only when a command needs one
 * @param catalog opens the catalog's API, only when a command needs it
 */
record Context(Settings settings, Supplier<Bus> bus, Supplier<Catalog> catalog, Clock clock) {

    static Context fromEnvironment() {
        return of(Settings.fromEnvironment());
    }

    static Context of(Settings settings) {
        return new Context(settings, () -> new KafkaBus(settings.kafkaConnection()),
                () -> new HttpCatalog(settings.catalogUrl(), settings.catalogToken()), Clock.systemUTC());
    }
}
