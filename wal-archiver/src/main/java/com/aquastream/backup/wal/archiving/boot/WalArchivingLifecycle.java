package com.aquastream.backup.wal.archiving.boot;

import com.aquastream.backup.wal.archiving.WalArchiving;
import org.springframework.context.SmartLifecycle;

/**
 * Stops every pg_receivewal on shutdown and ships what it flushed. Why this phase: after the platform's timer has
 * stopped (no round starts any more; a running one finishes first, the rounds are serialized), and before the
 * publisher's producer closes, so the last {@code wal.archived} events still go out.
 */
public final class WalArchivingLifecycle implements SmartLifecycle {

    private final WalArchiving archiving;
    private volatile boolean running;

    public WalArchivingLifecycle(WalArchiving archiving) {
        this.archiving = archiving;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            archiving.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Below the platform timer's ({@code Integer.MAX_VALUE - 1000}): stopped after it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }
}
