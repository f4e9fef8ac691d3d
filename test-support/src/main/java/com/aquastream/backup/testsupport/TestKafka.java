package com.aquastream.backup.testsupport;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka broker the integration tests use, chosen once per JVM and never skipped:
 * <ol>
 *   <li>an external broker when {@code KAFKA_BOOTSTRAP_SERVERS} is set (system property or environment;
 *       {@code .ci/run} points it at the broker {@code infra/kafka.sh} starts);</li>
 *   <li>else a Testcontainers Kafka when a Docker engine is available;</li>
 *   <li>else an embedded KRaft broker in this JVM (spring-kafka-test), stopped by a shutdown hook.</li>
 * </ol>
 * Spring tests hand {@link #bootstrapServers()} to {@code spring.kafka.bootstrap-servers} through
 * {@code @DynamicPropertySource}.
 */
public final class TestKafka {

    /** Topics get several partitions, like production, so per-key ordering is really exercised. */
    public static final int PARTITIONS = 6;

    private static final String IMAGE = "apache/kafka:4.1.2";
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private TestKafka() {
    }

    public static String bootstrapServers() {
        return Broker.BOOTSTRAP_SERVERS;
    }

    /** Creates the topics (6 partitions each, idempotent; ignores TopicExistsException) via AdminClient. */
    public static void createTopics(String... topics) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            // The broker's default replication factor, so the same call suits a multi-broker external cluster.
            List<NewTopic> newTopics = Arrays.stream(topics)
                    .map(topic -> new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty()))
                    .toList();
            for (var result : admin.createTopics(newTopics).values().entrySet()) {
                awaitCreated(result.getKey(), result.getValue());
            }
        }
    }

    /** A new plain KafkaProducer<String, byte[]> (acks=all). */
    public static KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    /** A new plain KafkaConsumer<String, byte[]> with a unique group id, auto.offset.reset=earliest, subscribed to the topics. */
    public static KafkaConsumer<String, byte[]> consumer(String... topics) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topics));
        return consumer;
    }

    private static void awaitCreated(String topic, org.apache.kafka.common.KafkaFuture<Void> creation) {
        try {
            creation.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topic " + topic + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        }
    }

    /** Holder idiom: the broker is chosen (and started, if need be) on first use, once per JVM. */
    private static final class Broker {

        static final String BOOTSTRAP_SERVERS = choose();

        private static String choose() {
            String external = Settings.get("KAFKA_BOOTSTRAP_SERVERS");
            if (external != null) {
                return external;
            }
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return startContainer();
            }
            return startEmbedded();
        }

        private static String startContainer() {
            KafkaContainer kafka = new KafkaContainer(Settings.get("KAFKA_TEST_IMAGE", IMAGE))
                    .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(PARTITIONS));
            kafka.start();
            // Testcontainers' reaper removes the container when this JVM exits.
            return kafka.getBootstrapServers();
        }

        private static String startEmbedded() {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
            broker.brokerProperty("num.partitions", PARTITIONS);
            broker.brokerProperty("auto.create.topics.enable", true);
            broker.brokerProperty("group.initial.rebalance.delay.ms", 0);
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-shutdown"));
            return broker.getBrokersAsString();
        }
    }
}
