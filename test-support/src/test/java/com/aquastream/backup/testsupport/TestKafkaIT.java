package com.aquastream.backup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class TestKafkaIT {

    @Test
    void deliversAProducedRecordToANewConsumer() throws Exception {
        String topic = "test-support." + UUID.randomUUID();
        TestKafka.createTopics(topic);

        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(topic, "db.user", "hello".getBytes(StandardCharsets.UTF_8))).get();
        }

        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(topic)) {
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
        }
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("db.user");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("hello");
        });
    }

    @Test
    void createsTopicsWithSixPartitionsAndToleratesExistingOnes() throws Exception {
        String topic = "test-support." + UUID.randomUUID();

        TestKafka.createTopics(topic);
        TestKafka.createTopics(topic);

        try (Admin admin = Admin.create(TestKafka.clientConfig(TestKafka.ADMIN))) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(6);
        }
    }
}
