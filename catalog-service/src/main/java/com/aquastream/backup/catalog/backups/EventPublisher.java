package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.events.Event;

/** Publishes one event on its topic, keyed {@code {database}.{schema}}; returns once the broker acknowledged it. */
@FunctionalInterface
public interface EventPublisher {

    /** @throws RuntimeException when the broker did not acknowledge in time (the event is then sent again later) */
    void publish(Event event);
}
