package com.aquastream.backup.core.platform;

import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.SmartLifecycle;

/**
 * One job consumer of a service, started with the application and stopped first on shutdown, so running jobs finish
 * (announced and committed) or are aborted while the producers are still open. Built only by {@link JobConsumers};
 * its health is part of the platform's {@code jobConsumers} health component.
 */
public final class JobConsumer implements SmartLifecycle {

    private final String topic;
    private final String group;
    private final PartitionedJobConsumer delegate;
    private final KafkaClientMetrics clientMetrics;
    private volatile boolean started;

    JobConsumer(String topic, String group, PartitionedJobConsumer delegate, KafkaClientMetrics clientMetrics) {
        this.topic = topic;
        this.group = group;
        this.delegate = delegate;
        this.clientMetrics = clientMetrics;
    }

    public String topic() {
        return topic;
    }

    public String group() {
        return group;
    }

    /** When the poll loop last polled; {@code null} before the first poll. */
    public Instant lastPollAt() {
        return delegate.lastPollAt();
    }

    /** Partitions this instance owns now. */
    public Set<TopicPartition> assignedPartitions() {
        return delegate.assignedPartitions();
    }

    public int jobsInFlight() {
        return delegate.jobsInFlight();
    }

    public int revocations() {
        return delegate.revocations();
    }

    /** What ended the poll loop, {@code null} while it runs. */
    public Throwable crashedWith() {
        return delegate.crashedWith();
    }

    /** Has partitions and has polled since they were assigned (tests wait for it before they publish). */
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public void start() {
        delegate.start();
        started = true;
    }

    @Override
    public void stop() {
        try {
            delegate.stop();
        } finally {
            clientMetrics.close();
            started = false;
        }
    }

    /** Running while its poll loop runs: a crashed loop reports not running. */
    @Override
    public boolean isRunning() {
        return started && delegate.isRunning();
    }

    /** Highest phase: stopped before anything it needs. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "JobConsumer[" + topic + ", group " + group + "]";
    }
}
