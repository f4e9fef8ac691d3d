package com.aquastream.backup.core.platform;

import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.KafkaClients;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The one way a service consumes its jobs: a {@link PartitionedJobConsumer} per topic (each partition's records in
 * order, manual commits, cooperative rebalancing), the platform's retry and dead-letter policy (a record whose job
 * throws is delivered again after {@code redeliveryBackoff}, up to {@code maxAttempts}, then announced as failed by
 * its handler and copied to {@code <topic>.DLT}; a record that cannot be read goes to the DLT at once), Kafka client
 * metrics ({@code kafka_consumer_*}, which Spring Boot does not bind for consumers it did not build) and the gauges
 * {@code backup_platform_jobs_running} and {@code backup_platform_partitions_revoked} by topic. A service declares
 * each returned {@link JobConsumer} as a bean; the platform starts, stops and health-checks it.
 */
public final class JobConsumers {

    private final Map<String, Object> connection;
    private final PlatformProperties.Consumer settings;
    private final Producer<String, byte[]> deadLetters;
    private final MeterRegistry registry;
    private final Clock clock;

    JobConsumers(Map<String, Object> connection, PlatformProperties.Consumer settings,
                 Producer<String, byte[]> deadLetters, MeterRegistry registry, Clock clock) {
        this.connection = Map.copyOf(connection);
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.clock = clock;
    }

    /** The service's consumer group ({@code backup.platform.consumer.group}, default the application's name). */
    public String group() {
        return settings.group();
    }

    /**
     * A consumer of {@code topic} in the service's own group, running up to {@code concurrency} jobs at once (of
     * different partitions).
     */
    public JobConsumer consume(String topic, int concurrency, RecordHandler handler) {
        return consume(topic, settings.group(), concurrency, handler);
    }

    /** A consumer of {@code topic} in consumer group {@code group} (which must be allowed to the service's login). */
    public JobConsumer consume(String topic, String group, int concurrency, RecordHandler handler) {
        return consume(List.of(topic), group, concurrency, handler);
    }

    /**
     * One consumer of several topics in the service's own group, each topic's records handled by its handler (a
     * record of any other topic is dead-lettered). Each partition's records still run one at a time, in order.
     */
    public JobConsumer consume(Map<String, RecordHandler> handlers, int concurrency) {
        Map<String, RecordHandler> byTopic = Map.copyOf(handlers);
        RecordHandler routing = record -> {
            RecordHandler handler = byTopic.get(record.topic());
            if (handler == null) {
                throw new IllegalArgumentException("no handler for topic " + record.topic());
            }
            return handler.accept(record);
        };
        return consume(handlers.keySet().stream().sorted().toList(), settings.group(), concurrency, routing);
    }

    private JobConsumer consume(List<String> topics, String group, int concurrency, RecordHandler handler) {
        String name = String.join(",", topics);
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("a job consumer of " + name + " needs a consumer group"
                    + " (backup.platform.consumer.group)");
        }
        PlatformProperties.Consumer c = settings;
        PartitionedJobConsumer consumer = KafkaClients.jobConsumer(connection, group, c.autoOffsetReset(),
                c.maxPollIntervalMs(), handler, deadLetters,
                new PartitionedJobConsumer.Settings(topics.size() == 1 ? group + "/" + name : group, topics,
                        concurrency, c.pollTimeout(), c.redeliveryBackoff(), c.revokeWait(), c.shutdownTimeout(),
                        c.maxAttempts()),
                clock);
        KafkaClientMetrics clientMetrics = consumer.instrument(KafkaClientMetrics::new);
        clientMetrics.bindTo(registry);
        Gauge.builder("backup.platform.jobs.running", consumer, PartitionedJobConsumer::jobsInFlight)
                .description("Jobs running in this instance").tag("topic", name).register(registry);
        Gauge.builder("backup.platform.partitions.revoked", consumer, PartitionedJobConsumer::revocations)
                .description("Partitions taken away by rebalances since start").tag("topic", name)
                .register(registry);
        return new JobConsumer(name, group, consumer, clientMetrics);
    }

    /**
     * A consumer in no group, auto-commit off, for reading a topic by assignment (e.g. waiting for the answer to a
     * request this service published). The caller owns and closes it.
     */
    public Consumer<String, byte[]> newReader() {
        Map<String, Object> config = new HashMap<>(connection);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
