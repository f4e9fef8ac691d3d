package com.aquastream.backup.restore.restore;

import com.aquastream.backup.events.RestoreEvent;

/** Publishes restore results; returns once the broker has them. */
public interface RestoreEvents {

    void publish(RestoreEvent event);
}
