package com.aquastream.backup.core.kafka;

import com.aquastream.backup.core.consumer.DeadLetterPublisher;
import com.aquastream.backup.core.consumer.PartitionedJobConsumer;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.events.Event;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients every service builds the same way, from the connection settings it was given (bootstrap servers,
 * security): the event producer, the dead-letter producer and the long-job consumers.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * The topics a service makes sure exist at start (with {@code partitions} partitions; replication left to the
     * broker's default, so a three-broker cluster replicates them and a single test broker still accepts them).
     */
    public static NewTopic[] topics(int partitions, String... names) {
        return java.util.Arrays.stream(names)
                .map(name -> new NewTopic(name, java.util.Optional.of(partitions), java.util.Optional.empty()))
                .toArray(NewTopic[]::new);
    }

    /** Idempotent producer of contract events with CloudEvents headers naming {@code source}. */
    public static KafkaProducer<String, Event> eventProducer(Map<String, Object> connection, String source) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), new EventSerializer(source));
    }

    /** Producer of raw records, for copying rejected records to their dead-letter topic unchanged. */
    public static KafkaProducer<String, byte[]> rawProducer(Map<String, Object> connection) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A {@link PartitionedJobConsumer} of one topic in consumer group {@code groupId}: manual commits, cooperative
     * rebalancing (a rebalance moves only the partitions that change owner), dead letters through {@code deadLetters}.
     */
    public static PartitionedJobConsumer jobConsumer(Map<String, Object> connection, String groupId,
                                                     String autoOffsetReset, Integer maxPollIntervalMs,
                                                     RecordHandler handler, Producer<String, byte[]> deadLetters,
                                                     PartitionedJobConsumer.Settings settings, Clock clock) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        if (maxPollIntervalMs != null) {
            config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollIntervalMs);
        }
        return new PartitionedJobConsumer(
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()),
                handler, new DeadLetterPublisher(deadLetters), settings, clock);
    }
}
