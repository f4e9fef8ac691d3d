package com.aquastream.backup.worker.backup;

import com.aquastream.backup.events.BackupEvent;

/** Publishes the worker's result events; returns only once the broker has them (at-least-once). */
interface BackupEvents {

    void publish(BackupEvent event);
}
