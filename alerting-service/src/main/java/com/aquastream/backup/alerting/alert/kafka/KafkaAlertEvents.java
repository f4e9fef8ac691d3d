package com.aquastream.backup.alerting.alert.kafka;

import com.aquastream.backup.alerting.alert.AlertEvents;
import com.aquastream.backup.events.AlertEvent;
import com.aquastream.backup.events.Event;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes alert events keyed by {@code {database}.{schema}}, with CloudEvents headers (the template's serializer
 * is {@code EventSerializer("alerting-service")}), and waits for the broker's acknowledgement.
 */
public final class KafkaAlertEvents implements AlertEvents {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, Event> template;

    public KafkaAlertEvents(KafkaTemplate<String, Event> template) {
        this.template = template;
    }

    @Override
    public void publish(AlertEvent event) {
        try {
            template.send(event.topic(), event.messageKey(), event).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing " + event.type(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not publish " + event.type() + " " + event.eventId(), e);
        }
    }
}
