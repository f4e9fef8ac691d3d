package com.aquastream.backup.core.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aquastream.backup.events.CloudEventHeaders;
import com.aquastream.backup.events.Event;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A contract document as a service's job consumer receives it (key {@code aquastream.user}, the CloudEvents type
 * header), run through the inbound adapter {@link EventRecordHandler}: what the service's handler would be given.
 * For the services' golden-file tests (STYLE rule 3).
 */
public final class GoldenRecords {

    private GoldenRecords() {
    }

    public static <T extends Event> T handled(Class<T> type, String topic, byte[] value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 0L, "aquastream.user", value);
        record.headers().add(CloudEventHeaders.TYPE, (topic + ".v1").getBytes(UTF_8));
        AtomicReference<T> handled = new AtomicReference<>();
        EventRecordHandler.of(type, event -> {
            handled.set(event);
            return null;
        }).accept(record);
        return handled.get();
    }
}
