package com.aquastream.backup.worker.config;

import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a job consumer ({@code backup.requested}, {@code backup.expired}) with the application and stops it first
 * on shutdown, so running dumps finish (and are announced and committed) or are aborted while Kafka producers are
 * still open.
 */
public class ConsumerLifecycle implements SmartLifecycle {

    private final PartitionedJobConsumer delegate;
    private volatile boolean started;

    ConsumerLifecycle(PartitionedJobConsumer delegate) {
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
