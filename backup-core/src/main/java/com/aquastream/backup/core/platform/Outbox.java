package com.aquastream.backup.core.platform;

import com.aquastream.backup.events.Event;

/**
 * The platform's outbox port: an event stored in the same database transaction as the change it announces, relayed to
 * Kafka afterwards by {@link OutboxRelay} (at least once, in the order enqueued, keyed {@code {database}.{schema}}).
 * A crash between the change and the publish delays the event but never loses it, and a rolled-back change never
 * announces anything. Must be called inside the caller's transaction.
 */
@FunctionalInterface
public interface Outbox {

    void enqueue(Event event);
}
