package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.events.Event;

/**
 * Events the catalog publishes, written in the same database transaction as the change they announce and relayed to
 * Kafka afterwards (at least once, keyed {@code {database}.{schema}}, in the order they were enqueued per key). So a
 * schedule slot is never recorded without its request, and an expiry never announced without being recorded.
 */
public interface Outbox {

    void enqueue(Event event);
}
