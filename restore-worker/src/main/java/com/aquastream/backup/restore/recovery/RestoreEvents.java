package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.events.RestoreEvent;

/** Publishes restore results; returns once the broker has them. */
public interface RestoreEvents {

    void publish(RestoreEvent event);
}
