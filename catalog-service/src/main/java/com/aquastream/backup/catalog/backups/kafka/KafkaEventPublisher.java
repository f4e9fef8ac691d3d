package com.aquastream.backup.catalog.backups.kafka;

import com.aquastream.backup.catalog.backups.EventPublisher;
import com.aquastream.backup.events.Event;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Outbound adapter: sends an event with the contract's serializer (CloudEvents headers, {@code ce_source} =
 * catalog-service), keyed {@code {database}.{schema}}, and waits for the broker's acknowledgement.
 */
public class KafkaEventPublisher implements EventPublisher {

    private final Producer<String, Event> producer;
    private final Duration timeout;

    public KafkaEventPublisher(Producer<String, Event> producer, Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    @Override
    public void publish(Event event) {
        try {
            producer.send(new ProducerRecord<>(event.topic(), event.messageKey(), event))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.type(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("broker did not acknowledge " + event.type() + " " + event.eventId(), e);
        }
    }
}
