package com.aquastream.backup.core.platform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.KafkaClients;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.Status;

/**
 * The platform's job consumer on a real (SASL) broker: one consumer of several topics routes each record to its
 * topic's handler; the policy for recording jobs (retry an outage, refuse bad input at once) ends in the dead-letter
 * topic; the health component follows the poll loop.
 */
class JobConsumersIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void routesEachTopicToItsHandlerRetriesAnOutageAndDeadLettersWhatItRefuses() throws Exception {
        String a = "platform-it-a-" + UUID.randomUUID();
        String b = "platform-it-b-" + UUID.randomUUID();
        TestKafka.createTopics(a, b, Topics.deadLetterOf(a), Topics.deadLetterOf(b));
        Map<String, Object> connection = TestKafka.clientConfig(TestKafka.ADMIN);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConcurrentLinkedQueue<String> seenA = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> seenB = new ConcurrentLinkedQueue<>();
        AtomicInteger outages = new AtomicInteger();

        RecordHandler onA = record -> Jobs.recording("a " + record.key(), () -> {
            String value = new String(record.value(), UTF_8);
            if (value.equals("refused")) {
                throw new IllegalArgumentException("not a value this use case takes");
            }
            if (value.equals("outage") && outages.incrementAndGet() < 3) {
                throw new IllegalStateException("database down");
            }
            seenA.add(value);
        });
        RecordHandler onB = record -> Jobs.recording("b " + record.key(),
                () -> seenB.add(new String(record.value(), UTF_8)));

        try (KafkaProducer<String, byte[]> deadLetters = KafkaClients.rawProducer(connection);
             KafkaProducer<String, byte[]> producer = TestKafka.producer();
             KafkaConsumer<String, byte[]> dlt = TestKafka.consumer(Topics.deadLetterOf(a))) {
            JobConsumers consumers = new JobConsumers(connection,
                    new PlatformProperties.Consumer("platform-it-" + UUID.randomUUID(), Duration.ofMillis(100),
                            Duration.ofMillis(300), null, Duration.ofSeconds(5), null, "earliest", 5),
                    deadLetters, registry, Clock.systemUTC());
            JobConsumer consumer = consumers.consume(Map.of(a, onA, b, onB), 2);
            StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("jobs", consumer));
            JobConsumersHealth health = new JobConsumersHealth(beans.getBeanProvider(JobConsumer.class),
                    Clock.systemUTC());
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN); // not started
            consumer.start();
            try {
                await().atMost(TIMEOUT).until(consumer::isReady);
                assertThat(consumer.topic()).isEqualTo(String.join(",", List.of(a, b).stream().sorted().toList()));
                producer.send(new ProducerRecord<>(a, "k1", "one".getBytes(UTF_8))).get();
                producer.send(new ProducerRecord<>(b, "k1", "two".getBytes(UTF_8))).get();
                producer.send(new ProducerRecord<>(a, "k2", "outage".getBytes(UTF_8))).get();
                producer.send(new ProducerRecord<>(a, "k3", "refused".getBytes(UTF_8))).get();

                await().atMost(TIMEOUT).until(() -> seenA.contains("outage") && seenB.contains("two"));
                assertThat(seenA).contains("one", "outage").doesNotContain("refused");
                assertThat(seenB).containsExactly("two");
                assertThat(outages.get()).isEqualTo(3); // two failed deliveries, the third went through

                List<ConsumerRecord<String, byte[]>> dead = new java.util.ArrayList<>();
                await().atMost(TIMEOUT).until(() -> {
                    dlt.poll(Duration.ofMillis(200)).forEach(dead::add);
                    return !dead.isEmpty();
                });
                assertThat(dead).singleElement().satisfies(r -> {
                    assertThat(r.key()).isEqualTo("k3");
                    assertThat(new String(r.value(), UTF_8)).isEqualTo("refused");
                });
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                assertThat(registry.find("backup.platform.jobs.running").gauge()).isNotNull();
                assertThat(registry.getMeters()).anyMatch(m -> m.getId().getName().startsWith("kafka.consumer"));
            } finally {
                consumer.stop();
            }
            assertThat(consumer.isRunning()).isFalse();
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        }
    }
}
