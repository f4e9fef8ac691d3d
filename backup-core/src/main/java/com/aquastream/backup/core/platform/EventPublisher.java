package com.aquastream.backup.core.platform;

import com.aquastream.backup.events.Event;

/**
 * The platform's publishing port: an event on its contract topic, keyed {@code {database}.{schema}}, returning only
 * once the broker has it (a consumed offset is committed after its result is published: at-least-once). The bean is
 * the Kafka adapter; a service's own port (e.g. its {@code ...Events} interface) is a method reference to
 * {@link #publish}.
 */
@FunctionalInterface
public interface EventPublisher {

    /** @throws IllegalStateException when the broker did not acknowledge in time (the caller's job is redone) */
    void publish(Event event);
}
