package com.aquastream.backup.restore.restore.kafka;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventDeserializer;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.restore.restore.RestoreService;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Inbound adapter of {@code restore.requested}: decodes and hands over to {@link RestoreService}. */
public final class RestoreRequestedHandler implements RecordHandler {

    private final EventDeserializer deserializer = new EventDeserializer();
    private final RestoreService service;

    public RestoreRequestedHandler(RestoreService service) {
        this.service = service;
    }

    @Override
    public Job accept(ConsumerRecord<String, byte[]> record) {
        Event event = deserializer.deserialize(record.topic(), record.headers(), record.value());
        if (!(event instanceof RestoreRequested command)) {
            throw new MalformedEventException("expected a restore.requested event, got "
                    + (event == null ? "an empty record" : event.type()));
        }
        return service.accept(command);
    }
}
