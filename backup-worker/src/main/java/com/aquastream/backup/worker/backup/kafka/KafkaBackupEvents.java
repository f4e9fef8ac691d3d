package com.aquastream.backup.worker.backup.kafka;

import com.aquastream.backup.events.BackupEvent;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.worker.backup.BackupEvents;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes result events keyed by {@code {database}.{schema}} and waits for the broker's acknowledgement. */
public final class KafkaBackupEvents implements BackupEvents {

    private final Producer<String, Event> producer;

    public KafkaBackupEvents(Producer<String, Event> producer) {
        this.producer = producer;
    }

    @Override
    public void publish(BackupEvent event) {
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
