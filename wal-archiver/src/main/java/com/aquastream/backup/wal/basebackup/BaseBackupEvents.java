package com.aquastream.backup.wal.basebackup;

import com.aquastream.backup.events.WalEvent;

/** Publishes base backup results; returns once the broker has them. */
public interface BaseBackupEvents {

    void publish(WalEvent event);
}
