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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import com.aquastream.backup.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The job consumer against the real broker: which waiting job a free worker takes, what a stop waits for, and that a
 * job failing for good ends in its announced failure and a dead letter instead of jamming its partition.
 */
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
                public void failedPermanently(int deliveries, String reason) {
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

    @Test
    void aStopWaitsForTheWorkUnderWayNotForTheBacklogOrARetryBackOff() throws Exception {
        String topic = "it-jobs-" + UUID.randomUUID();
        String group = "it-jobs-" + UUID.randomUUID();
        TestKafka.createTopics(topic);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch backingOff = new CountDownLatch(1);
        RecordHandler handler = record -> {
            String name = new String(record.value(), StandardCharsets.UTF_8);
            CountDownLatch stopRequested = new CountDownLatch(1);
            return new Job() {
                @Override
                public void run() throws Exception {
                    ran.add(name);
                    backingOff.countDown();
                    // Like a backup waiting before its next attempt: much longer than the shutdown timeout.
                    if (stopRequested.await(120, TimeUnit.SECONDS)) {
                        throw new JobAbortedException(name + " not retried: stopping");
                    }
                }

                @Override
                public void abort() {
                    stopRequested.countDown();
                }

                @Override
                public void stopping() {
                    stopRequested.countDown();
                }

                @Override
                public void failedPermanently(int deliveries, String reason) {
                }
            };
        };
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            PartitionedJobConsumer first = new PartitionedJobConsumer(kafkaConsumer(group), handler,
                    new DeadLetterPublisher(producer), new PartitionedJobConsumer.Settings("it-jobs", topic, 1,
                    Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60)),
                    Clock.systemUTC());
            first.start();
            await().atMost(Duration.ofSeconds(60)).until(first::isReady);
            send(producer, topic, 0, "backing-off=1");
            assertThat(backingOff.await(60, TimeUnit.SECONDS)).isTrue();
            send(producer, topic, 1, "backlog-a=1");
            send(producer, topic, 2, "backlog-b=1");
            await().atMost(Duration.ofSeconds(30)).until(() -> first.jobsInFlight() == 3);

            long started = System.nanoTime();
            first.stop();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(ran).containsExactly("backing-off=1");

            // Nothing was committed: the next owner gets all three.
            List<String> redelivered = new CopyOnWriteArrayList<>();
            PartitionedJobConsumer next = new PartitionedJobConsumer(kafkaConsumer(group), record -> {
                redelivered.add(new String(record.value(), StandardCharsets.UTF_8));
                return null;
            }, new DeadLetterPublisher(producer), new PartitionedJobConsumer.Settings("it-jobs-next", topic, 1,
                    Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                    Clock.systemUTC());
            next.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> redelivered.size() == 3);
            } finally {
                next.stop();
            }
            assertThat(redelivered).containsExactlyInAnyOrder("backing-off=1", "backlog-a=1", "backlog-b=1");
        }
    }

    @Test
    void aPoisonJobInFrontOfGoodOnesEndsInItsFailureAndADeadLetterAfterItsBoundedAttempts() throws Exception {
        String topic = "it-jobs-" + UUID.randomUUID();
        String group = "it-jobs-" + UUID.randomUUID();
        TestKafka.createTopics(topic, Topics.deadLetterOf(topic));
        List<String> ran = new CopyOnWriteArrayList<>();
        List<String> announced = new CopyOnWriteArrayList<>();
        RecordHandler handler = failingFor("poison", ran,
                () -> new IllegalStateException("table \"LoginHistory\" is not a plain identifier"),
                (name, deliveries, reason) -> announced.add(name + " after " + deliveries + ": " + reason));
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer();
             KafkaConsumer<String, byte[]> deadLetters = TestKafka.consumer(Topics.deadLetterOf(topic))) {
            PartitionedJobConsumer consumer = started(handler, producer, group, topic, Duration.ofMillis(500), 3);
            try {
                send(producer, topic, 0, "poison=0");
                send(producer, topic, 0, "good-a=0");
                send(producer, topic, 0, "good-b=0");

                await().atMost(Duration.ofSeconds(30)).until(() -> ran.contains("good-b=0"));
            } finally {
                consumer.stop();
            }

            assertThat(ran).containsExactly("poison=0", "poison=0", "poison=0", "good-a=0", "good-b=0");
            assertThat(announced).singleElement().asString()
                    .startsWith("poison=0 after 3: failed 3 times, giving up: IllegalStateException: table")
                    .contains("LoginHistory");
            List<ConsumerRecord<String, byte[]>> dead = pollAtLeastOne(deadLetters);
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("poison=0");
                assertThat(new String(r.headers().lastHeader(DeadLetterPublisher.EXCEPTION_MESSAGE).value(),
                        StandardCharsets.UTF_8)).contains("LoginHistory");
            });
            // Everything was committed: the group's next member gets nothing again.
            List<String> redelivered = new CopyOnWriteArrayList<>();
            PartitionedJobConsumer next = new PartitionedJobConsumer(kafkaConsumer(group), record -> {
                redelivered.add(new String(record.value(), StandardCharsets.UTF_8));
                return null;
            }, new DeadLetterPublisher(producer), new PartitionedJobConsumer.Settings("it-jobs-next", topic, 1,
                    Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                    Clock.systemUTC());
            next.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(next::isReady);
                send(producer, topic, 0, "marker=0");
                await().atMost(Duration.ofSeconds(30)).until(() -> redelivered.contains("marker=0"));
            } finally {
                next.stop();
            }
            assertThat(redelivered).containsExactly("marker=0");
        }
    }

    @Test
    void aFailureThatCannotBeAnnouncedIsDeliveredAgainAndAnnouncedThen() throws Exception {
        String topic = "it-jobs-" + UUID.randomUUID();
        TestKafka.createTopics(topic, Topics.deadLetterOf(topic));
        List<Integer> announcedAfter = new CopyOnWriteArrayList<>();
        AtomicInteger announceCalls = new AtomicInteger();
        RecordHandler handler = failingFor("", new CopyOnWriteArrayList<>(), () -> new IllegalStateException("always"),
                (name, deliveries, reason) -> {
                    if (announceCalls.incrementAndGet() == 1) {
                        throw new IllegalStateException("the broker is away");
                    }
                    announcedAfter.add(deliveries);
                });
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            PartitionedJobConsumer consumer = started(handler, producer, "it-jobs-" + UUID.randomUUID(), topic,
                    Duration.ofMillis(300), 2);
            try {
                send(producer, topic, 0, "poison=0");
                await().atMost(Duration.ofSeconds(30)).until(() -> !announcedAfter.isEmpty());
            } finally {
                consumer.stop();
            }
        }
        assertThat(announcedAfter).containsExactly(3);
    }

    @Test
    void aFailureThatCanNeverBeAnnouncedIsDeadLetteredAfterTwiceItsAttemptsAndThePartitionMovesOn() throws Exception {
        String topic = "it-jobs-" + UUID.randomUUID();
        TestKafka.createTopics(topic, Topics.deadLetterOf(topic));
        List<String> ran = new CopyOnWriteArrayList<>();
        RecordHandler handler = failingFor("poison", ran, () -> new IllegalStateException("always"),
                (name, deliveries, reason) -> {
                    throw new IllegalStateException("a bug in building the answer");
                });
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer();
             KafkaConsumer<String, byte[]> deadLetters = TestKafka.consumer(Topics.deadLetterOf(topic))) {
            PartitionedJobConsumer consumer = started(handler, producer, "it-jobs-" + UUID.randomUUID(), topic,
                    Duration.ofMillis(200), 2);
            try {
                send(producer, topic, 0, "poison=0");
                send(producer, topic, 0, "good=0");
                await().atMost(Duration.ofSeconds(30)).until(() -> ran.contains("good=0"));
            } finally {
                consumer.stop();
            }
            assertThat(ran).containsExactly("poison=0", "poison=0", "poison=0", "poison=0", "good=0");
            assertThat(pollAtLeastOne(deadLetters)).singleElement().satisfies(r -> assertThat(
                    new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("poison=0"));
        }
    }

    @Test
    void aJobRefusedForGoodIsGivenUpOnAtItsFirstDelivery() throws Exception {
        String topic = "it-jobs-" + UUID.randomUUID();
        TestKafka.createTopics(topic, Topics.deadLetterOf(topic));
        List<String> ran = new CopyOnWriteArrayList<>();
        List<String> announced = new CopyOnWriteArrayList<>();
        RecordHandler handler = failingFor("refused", ran,
                () -> new PermanentJobFailure("would delete the newest weekly backup"),
                (name, deliveries, reason) -> announced.add(deliveries + ": " + reason));
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            PartitionedJobConsumer consumer = started(handler, producer, "it-jobs-" + UUID.randomUUID(), topic,
                    Duration.ofSeconds(30), 3);
            try {
                send(producer, topic, 0, "refused=0");
                send(producer, topic, 0, "good=0");
                // Well within the 30 s back-off a retry would have waited.
                await().atMost(Duration.ofSeconds(20)).until(() -> ran.contains("good=0"));
            } finally {
                consumer.stop();
            }
        }
        assertThat(ran).containsExactly("refused=0", "good=0");
        assertThat(announced).containsExactly(
                "1: failed 1 time, giving up: PermanentJobFailure: would delete the newest weekly backup");
    }

    @Test
    void theReasonNamesTheAttemptsAndTheInnermostCause() {
        Exception wrapped = new RuntimeException("outer", new java.sql.SQLException("relation does not exist"));

        assertThat(PartitionedJobConsumer.permanentReason(3, wrapped))
                .isEqualTo("failed 3 times, giving up: SQLException: relation does not exist");
        assertThat(PartitionedJobConsumer.permanentReason(1, new NullPointerException()))
                .isEqualTo("failed 1 time, giving up: NullPointerException");
    }

    /** What a job does when it has failed for good: announce, or throw when the answer cannot be published. */
    private interface Announcement {
        void announce(String name, int deliveries, String reason);
    }

    /**
     * Jobs named by their record's value that record each run in {@code ran}; those whose name starts with
     * {@code failing} (every one for "") throw {@code failure}, and their permanent failure goes to {@code announcement}.
     */
    private static RecordHandler failingFor(String failing, List<String> ran, Supplier<RuntimeException> failure,
                                            Announcement announcement) {
        return record -> {
            String name = new String(record.value(), StandardCharsets.UTF_8);
            return new Job() {
                @Override
                public void run() {
                    ran.add(name);
                    if (name.startsWith(failing)) {
                        throw failure.get();
                    }
                }

                @Override
                public void abort() {
                }

                @Override
                public void failedPermanently(int deliveries, String reason) {
                    announcement.announce(name, deliveries, reason);
                }
            };
        };
    }

    /** A started consumer of one worker, {@code maxAttempts} deliveries {@code backoff} apart; ready to receive. */
    private static PartitionedJobConsumer started(RecordHandler handler, KafkaProducer<String, byte[]> producer,
                                                  String group, String topic, Duration backoff, int maxAttempts) {
        PartitionedJobConsumer consumer = new PartitionedJobConsumer(kafkaConsumer(group), handler,
                new DeadLetterPublisher(producer), new PartitionedJobConsumer.Settings("it-jobs", topic, 1,
                Duration.ofMillis(100), backoff, Duration.ofSeconds(5), Duration.ofSeconds(10), maxAttempts),
                Clock.systemUTC());
        consumer.start();
        await().atMost(Duration.ofSeconds(60)).until(consumer::isReady);
        return consumer;
    }

    private static List<ConsumerRecord<String, byte[]>> pollAtLeastOne(KafkaConsumer<String, byte[]> consumer) {
        List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return !records.isEmpty();
        });
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        return records;
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, int partition, String value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, value, value.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static KafkaConsumer<String, byte[]> kafkaConsumer() {
        return kafkaConsumer("it-jobs-" + UUID.randomUUID());
    }

    private static KafkaConsumer<String, byte[]> kafkaConsumer(String group) {
        Properties config = new Properties();
        config.putAll(TestKafka.clientConfig(TestKafka.ADMIN));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }
}
