package com.aquastream.backup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The bus as a trust boundary, against the tests' broker (SASL/SCRAM, StandardAuthorizer, infra/kafka-acls.conf):
 * who can write and read what. The expectations are written out here, not read from the ACL file, so a loosened
 * file fails this test.
 */
class KafkaAccessIT {

    private static final List<String> COMMANDS = List.of("backup.requested", "restore.requested", "backup.expired",
            "basebackup.requested");
    private static final List<String> RESULTS = List.of("backup.completed", "backup.failed", "restore.completed",
            "restore.verified", "restore.failed", "restore.rejected", "backup.replicated", "replication.failed",
            "alert.raised", "alert.resolved", "wal.archived", "wal.status", "basebackup.completed", "basebackup.failed");
    private static final List<String> SERVICES = List.of("backup-worker", "restore-worker", "catalog-service",
            "alerting-service", "offsite-replicator", "wal-archiver");

    /** What each service may write, and nothing else (its results, its commands, the DLTs of what it consumes). */
    private static final Map<String, List<String>> WRITES = Map.of(
            "backup-worker", List.of("backup.completed", "backup.failed", "backup.requested.DLT",
                    "backup.expired.DLT"),
            "restore-worker", List.of("backup.requested", "restore.completed", "restore.verified", "restore.failed",
                    "restore.rejected", "restore.requested.DLT"),
            "catalog-service", List.of("backup.requested", "restore.requested", "backup.expired",
                    "backup.completed.DLT", "backup.failed.DLT", "restore.completed.DLT", "restore.verified.DLT",
                    "restore.failed.DLT", "restore.rejected.DLT", "wal.archived.DLT", "basebackup.completed.DLT",
                    "basebackup.failed.DLT", "wal.status.DLT"),
            "alerting-service", List.of("alert.raised", "alert.resolved", "backup.requested.DLT",
                    "backup.completed.DLT", "backup.failed.DLT", "restore.requested.DLT", "restore.completed.DLT",
                    "restore.verified.DLT", "restore.failed.DLT", "restore.rejected.DLT", "backup.replicated.DLT",
                    "replication.failed.DLT", "wal.archived.DLT", "wal.status.DLT", "basebackup.completed.DLT",
                    "basebackup.failed.DLT"),
            "offsite-replicator", List.of("backup.replicated", "replication.failed", "backup.completed.DLT",
                    "backup.expired.DLT"),
            "wal-archiver", List.of("wal.archived", "wal.status", "basebackup.completed", "basebackup.failed",
                    "basebackup.requested.DLT"),
            "operator", List.of("backup.requested", "restore.requested", "basebackup.requested"),
            "external-reader", List.of());

    @Test
    void aClientWithoutCredentialsCanNeitherProduceNorConsume() {
        Map<String, Object> producerConfig = TestKafka.anonymousClientConfig();
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
            assertFailsWith(org.apache.kafka.common.errors.TimeoutException.class, () -> producer.send(
                    new ProducerRecord<>("backup.expired", "aquastream.payment", "{}".getBytes(StandardCharsets.UTF_8)))
                    .get(10, TimeUnit.SECONDS));
        }

        String marker = publishAsAdmin("backup.completed");
        Map<String, Object> consumerConfig = TestKafka.anonymousClientConfig();
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "external-anonymous-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            assertFailsWith(org.apache.kafka.common.errors.TimeoutException.class,
                    () -> consumer.partitionsFor("backup.completed", Duration.ofSeconds(5)));
            consumer.subscribe(List.of("backup.completed"));
            List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(received::add);
            }
            assertThat(received).as("an anonymous client read " + marker).isEmpty();
        }
    }

    @Test
    void theExternalReaderConsumesResultsAndAlertsButProducesNowhere() {
        List<String> markers = new ArrayList<>();
        for (String topic : List.of("backup.completed", "restore.failed", "alert.raised")) {
            markers.add(publishAsAdmin(topic));
        }
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumerAs("external-reader",
                "external-chat-" + UUID.randomUUID(), "backup.completed", "restore.failed", "alert.raised")) {
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> seen.add(new String(r.value(), StandardCharsets.UTF_8)));
                return seen.containsAll(markers);
            });
        }

        assertThat(writable("external-reader")).isEmpty();
        // Commands are not for outsiders to read (they carry what a restore will do), nor are dead letters.
        assertFailsWith(TopicAuthorizationException.class,
                () -> readOne("external-reader", "external-peek-" + UUID.randomUUID(), "restore.requested"));
        // Its groups are its own: it cannot join (or reset) a service's group.
        assertFailsWith(GroupAuthorizationException.class,
                () -> readOne("external-reader", "catalog-service", "backup.completed"));
    }

    @Test
    void eachPrincipalWritesExactlyTheTopicsItOwns() {
        for (Map.Entry<String, List<String>> principal : WRITES.entrySet()) {
            assertThat(writable(principal.getKey())).as(principal.getKey())
                    .containsExactlyInAnyOrderElementsOf(principal.getValue());
        }
        // The ones that destroy or condemn data, spelled out.
        List<String> expiryWriters = WRITES.keySet().stream()
                .filter(p -> WRITES.get(p).contains("backup.expired")).toList();
        assertThat(expiryWriters).containsExactly("catalog-service");
        List<String> corruptionWriters = WRITES.keySet().stream()
                .filter(p -> WRITES.get(p).contains("restore.rejected")).toList();
        assertThat(corruptionWriters).containsExactly("restore-worker");
    }

    @Test
    void aServiceCannotJoinAnotherServicesConsumerGroup() {
        for (String service : SERVICES) {
            String other = SERVICES.get((SERVICES.indexOf(service) + 1) % SERVICES.size());
            assertFailsWith(GroupAuthorizationException.class, () -> readOne(service, other, aTopicItReads(service)));
        }
    }

    /** A topic the service may read, so only the group can be what refuses it. */
    private static String aTopicItReads(String service) {
        return service.equals("wal-archiver") ? "basebackup.requested" : "backup.completed";
    }

    /** The contract topics (and DLTs) {@code principal} can write to, found by trying every one. */
    private static TreeSet<String> writable(String principal) {
        TreeSet<String> writable = new TreeSet<>();
        List<String> topics = new ArrayList<>();
        for (String topic : concat(COMMANDS, RESULTS)) {
            topics.add(topic);
            topics.add(topic + ".DLT");
        }
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer(principal)) {
            for (String topic : topics) {
                try {
                    producer.send(new ProducerRecord<>(topic, "access-test." + principal,
                            ("probe by " + principal).getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
                    writable.add(topic);
                } catch (Exception e) {
                    // Refused: in the future's cause, or (a producer allowed to write no topic at all is refused its
                    // producer id as a whole) thrown by send() itself once the producer is in that error state.
                    if (!refused(e)) {
                        throw new AssertionError(principal + " -> " + topic, e);
                    }
                }
            }
        }
        return writable;
    }

    private static boolean refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TopicAuthorizationException || t instanceof ClusterAuthorizationException) {
                return true;
            }
        }
        return false;
    }

    private static void readOne(String principal, String group, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumerAs(principal, group, topic)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                    return;
                }
            }
        }
    }

    private static String publishAsAdmin(String topic) {
        String marker = "marker-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(topic, "access-test", marker.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("admin could not publish to " + topic, e);
        }
        return marker;
    }

    private interface Attempt {
        void run() throws Exception;
    }

    /** {@code attempt} fails, with an {@code expected} somewhere in the cause chain. */
    private static void assertFailsWith(Class<? extends Throwable> expected, Attempt attempt) {
        Throwable failure = null;
        try {
            attempt.run();
        } catch (Throwable t) {
            failure = t;
        }
        assertThat(failure).as("expected " + expected.getSimpleName()).isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (expected.isInstance(t)) {
                return;
            }
        }
        throw new AssertionError("expected " + expected.getSimpleName() + " in the cause chain", failure);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
