package com.aquastream.backup.offsite.replication.kafka;

import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.ReplicationEvent;
import com.aquastream.backup.offsite.replication.ReplicationEvents;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes replication results keyed by {@code {database}.{schema}}, waiting for the broker's acknowledgement. */
public final class KafkaReplicationEvents implements ReplicationEvents {

    private final Producer<String, Event> producer;

    public KafkaReplicationEvents(Producer<String, Event> producer) {
        this.producer = producer;
    }

    @Override
    public void publish(ReplicationEvent event) {
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
