package com.aquastream.backup.restore.restore.kafka;

import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.RestoreEvent;
import com.aquastream.backup.restore.restore.RestoreEvents;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes restore results keyed by {@code {database}.{schema}}, waiting for the broker's acknowledgement. */
public final class KafkaRestoreEvents implements RestoreEvents {

    private final Producer<String, Event> producer;

    public KafkaRestoreEvents(Producer<String, Event> producer) {
        this.producer = producer;
    }

    @Override
    public void publish(RestoreEvent event) {
        try {
            producer.send(new ProducerRecord<>(event.topic(), event.messageKey(), event)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.type(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + event.type() + " for " + event.messageKey(), e);
        }
    }
}
