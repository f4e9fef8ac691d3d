package com.aquastream.backup.worker.config;

import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Health of one job consumer: its poll loop is alive and polled recently. */
class BackupConsumerHealth implements HealthIndicator {

    private static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private final PartitionedJobConsumer consumer;
    private final Clock clock;

    BackupConsumerHealth(PartitionedJobConsumer consumer, Clock clock, MeterRegistry registry, String topic) {
        this.consumer = consumer;
        this.clock = clock;
        Gauge.builder("backup.worker.jobs.running", consumer, PartitionedJobConsumer::jobsInFlight)
                .description("Jobs running in this instance").tag("topic", topic).register(registry);
        Gauge.builder("backup.worker.partitions.revoked", consumer, PartitionedJobConsumer::revocations)
                .description("Partitions taken away by rebalances since start").tag("topic", topic)
                .register(registry);
    }

    @Override
    public Health health() {
        Instant lastPoll = consumer.lastPollAt();
        Health.Builder builder = consumer.isRunning() && lastPoll != null
                && lastPoll.isAfter(clock.instant().minus(STALE_AFTER)) ? Health.up() : Health.down();
        if (consumer.crashedWith() != null) {
            builder.withDetail("error", consumer.crashedWith().toString());
        }
        return builder.withDetail("lastPollAt", String.valueOf(lastPoll))
                .withDetail("jobsRunning", consumer.jobsInFlight())
                .withDetail("partitionsRevoked", consumer.revocations())
                .build();
    }
}
