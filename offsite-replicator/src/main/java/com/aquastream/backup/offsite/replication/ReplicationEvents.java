package com.aquastream.backup.offsite.replication;

import com.aquastream.backup.events.ReplicationEvent;

/** Publishes replication results; returns once the broker has them. */
interface ReplicationEvents {

    void publish(ReplicationEvent event);
}
