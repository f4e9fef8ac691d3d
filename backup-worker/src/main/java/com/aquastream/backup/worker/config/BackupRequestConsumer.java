package com.aquastream.backup.worker.config;

import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@code backup.requested} consumer with the application and stops it first on shutdown, so running
 * dumps finish (and are announced and committed) or are aborted while Kafka producers are still open.
 */
public class BackupRequestConsumer implements SmartLifecycle {

    private final PartitionedJobConsumer delegate;
    private volatile boolean started;

    BackupRequestConsumer(PartitionedJobConsumer delegate) {
        this.delegate = delegate;
    }

    public PartitionedJobConsumer delegate() {
        return delegate;
    }

    @Override
    public void start() {
        delegate.start();
        started = true;
    }

    @Override
    public void stop() {
        delegate.stop();
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Highest phase: stopped before anything it needs. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
