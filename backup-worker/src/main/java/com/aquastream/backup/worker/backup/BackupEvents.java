package com.aquastream.backup.worker.backup;

import com.aquastream.backup.events.BackupEvent;

/** Publishes the worker's result events; returns only once the broker has them (at-least-once). */
public interface BackupEvents {

    void publish(BackupEvent event);
}
