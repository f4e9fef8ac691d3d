package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.events.WalEvent;

/** Publishes what the archiving did ({@code wal.archived}, {@code wal.status}); returns once the broker has it. */
public interface WalEvents {

    void publish(WalEvent event);
}
