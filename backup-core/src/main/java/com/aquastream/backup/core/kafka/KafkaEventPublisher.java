package com.aquastream.backup.core.kafka;

import com.aquastream.backup.events.Event;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes an event on its topic, keyed {@code {database}.{schema}}, and returns only once the broker has it: the
 * services commit a consumed offset after their result is published (at-least-once), so sending must be synchronous.
 * Each service's publishing port is implemented by a method reference to {@link #publish}.
 */
public final class KafkaEventPublisher {

    private static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(60);

    private final Producer<String, Event> producer;
    private final Duration sendTimeout;

    public KafkaEventPublisher(Producer<String, Event> producer) {
        this(producer, DEFAULT_SEND_TIMEOUT);
    }

    /** @param sendTimeout how long to wait for the broker's acknowledgement of one event */
    public KafkaEventPublisher(Producer<String, Event> producer, Duration sendTimeout) {
        this.producer = producer;
        this.sendTimeout = sendTimeout == null ? DEFAULT_SEND_TIMEOUT : sendTimeout;
    }

    /** @throws IllegalStateException when the broker did not acknowledge in time (the caller's job is redone) */
    public void publish(Event event) {
        try {
            producer.send(new ProducerRecord<>(event.topic(), event.messageKey(), event))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.type(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + event.type() + " for " + event.messageKey(), e);
        }
    }
}
