package com.aquastream.backup.catalog;

import com.aquastream.backup.core.kafka.EventSerializer;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Publishes events the way the backup-worker does (contract JSON, CloudEvents headers, schema key). */
public final class ResultEvents implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer = TestKafka.producer();
    private final EventSerializer serializer = new EventSerializer("backup-worker");

    public void publish(Event event) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serializer.serialize(event.topic(), headers, event);
        send(new ProducerRecord<>(event.topic(), null, event.messageKey(), value, headers));
    }

    void publishRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
