package com.aquastream.backup.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The job consumer against the real broker: which waiting job a free worker takes. */
class PartitionedJobConsumerIT {

    @Test
    void aFreeWorkerTakesTheHeaviestWaitingJobFirst() throws Exception {
        String topic = "it-jobs-" + UUID.randomUUID();
        TestKafka.createTopics(topic);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch blockerRunning = new CountDownLatch(1);
        CountDownLatch releaseBlocker = new CountDownLatch(1);
        RecordHandler handler = record -> {
            String name = new String(record.value(), StandardCharsets.UTF_8);
            long weight = Long.parseLong(name.substring(name.indexOf('=') + 1));
            return new Job() {
                @Override
                public void run() throws Exception {
                    ran.add(name);
                    if (name.startsWith("blocker")) {
                        blockerRunning.countDown();
                        releaseBlocker.await(60, TimeUnit.SECONDS);
                    }
                }

                @Override
                public void abort() {
                }

                @Override
                public long weight() {
                    return weight;
                }
            };
        };
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            PartitionedJobConsumer consumer = new PartitionedJobConsumer(kafkaConsumer(), handler,
                    new DeadLetterPublisher(producer), new PartitionedJobConsumer.Settings("it-jobs", topic, 1,
                    Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                    Clock.systemUTC());
            consumer.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(consumer::isReady);
                send(producer, topic, 0, "blocker=0");
                assertThat(blockerRunning.await(60, TimeUnit.SECONDS)).isTrue();
                // The only worker is busy: these wait, accepted one after another.
                String[] waiting = {"light=1", "heavy=500", "medium=30", "also-light=1"};
                for (int i = 0; i < waiting.length; i++) {
                    send(producer, topic, i + 1, waiting[i]);
                    int inFlight = i + 2;
                    await().atMost(Duration.ofSeconds(30)).until(() -> consumer.jobsInFlight() == inFlight);
                }
                releaseBlocker.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> ran.size() == 5);
            } finally {
                releaseBlocker.countDown();
                consumer.stop();
            }
        }
        assertThat(ran).containsExactly("blocker=0", "heavy=500", "medium=30", "light=1", "also-light=1");
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, int partition, String value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, value, value.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static KafkaConsumer<String, byte[]> kafkaConsumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-jobs-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }
}
