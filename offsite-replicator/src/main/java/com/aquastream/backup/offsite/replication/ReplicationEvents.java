package com.aquastream.backup.offsite.replication;

import com.aquastream.backup.events.ReplicationEvent;

/** Publishes replication results; returns once the broker has them. */
public interface ReplicationEvents {

    void publish(ReplicationEvent event);
}
