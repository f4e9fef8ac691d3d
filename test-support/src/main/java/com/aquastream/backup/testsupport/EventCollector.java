package com.aquastream.backup.testsupport;

import org.awaitility.Awaitility;

import com.aquastream.backup.events.CloudEventHeaders;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads result topics from their current end, in the background, the way an outside consumer would: plain Kafka
 * client, the public deserializer. Dead-letter topics are kept raw.
 */
public final class EventCollector implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    /** Starts reading {@code topics} from their current end (creating them if missing). */
    public EventCollector(String... topics) {
        TestKafka.createTopics(topics);
        consumer = TestKafka.consumer();
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "event-collector");
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().endsWith(".DLT")) {
                        deadLetters.add(r);
                    } else {
                        records.add(r);
                        Event event = decodeOrNull(r);
                        if (event != null) {
                            events.add(event);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /**
     * The type comes from {@code ce_type} when present, else from the topic, as the contract says. A record that is
     * not a valid event (a test's own poison message) is kept raw but not decoded, and never stops the collector.
     */
    private Event decodeOrNull(ConsumerRecord<String, byte[]> r) {
        try {
            String type = header(r, CloudEventHeaders.TYPE);
            return codec.decode(r.value(), type != null ? type : r.topic());
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /** A header's text, or {@code null} when the record has none of that name. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The events of {@code type} that match {@code filter}, in arrival order. */
    public <T extends Event> List<T> events(Class<T> type, java.util.function.Predicate<T> filter) {
        return all(type).stream().filter(filter).toList();
    }

    /** Every raw record that arrived on {@code topic} (dead-letter topics included). */
    public List<ConsumerRecord<String, byte[]>> records(String topic) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records);
        all.addAll(deadLetters);
        return all.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    public <T extends Event> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends Event> List<T> of(Class<T> type, Function<T, UUID> id, UUID expected) {
        return all(type).stream().filter(e -> expected.equals(id.apply(e))).toList();
    }

    /** Waits for the first event of {@code type} whose id (by {@code id}) is {@code expected}. */
    public <T extends Event> T await(Class<T> type, Function<T, UUID> id, UUID expected, Duration timeout) {
        Awaitility.await().atMost(timeout).until(() -> !of(type, id, expected).isEmpty());
        return of(type, id, expected).get(0);
    }

    /** The raw records behind the events (key, headers), in arrival order. */
    public List<ConsumerRecord<String, byte[]>> records() {
        return records;
    }

    public List<ConsumerRecord<String, byte[]>> deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
