package com.aquastream.backup.catalog;

import com.aquastream.backup.events.CloudEventHeaders;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Records what arrives on some topics from their current end, as an outside consumer sees it. Unlike a collector that
 * decodes eagerly, it keeps raw records and skips what does not decode, because the shared test broker also carries
 * other tests' deliberately malformed messages.
 */
final class TopicRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final EventCodec codec = new EventCodec();
    private final Thread poller;
    private volatile boolean running = true;

    TopicRecorder(String... topics) {
        TestKafka.createTopics(topics);
        consumer = TestKafka.consumer();
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "topic-recorder");
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Decoded events of a type that match, in arrival order. */
    <T extends Event> List<T> events(Class<T> type, Predicate<T> filter) {
        return records.stream().filter(r -> !r.topic().endsWith(".DLT")).map(this::decodeOrNull)
                .filter(Objects::nonNull).filter(type::isInstance).map(type::cast).filter(filter).toList();
    }

    List<ConsumerRecord<String, byte[]>> records(String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Event decodeOrNull(ConsumerRecord<String, byte[]> r) {
        try {
            String type = header(r, CloudEventHeaders.TYPE);
            return codec.decode(r.value(), type != null ? type : r.topic());
        } catch (RuntimeException e) {
            return null;
        }
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
