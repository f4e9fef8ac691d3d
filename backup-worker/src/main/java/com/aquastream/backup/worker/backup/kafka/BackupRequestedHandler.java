package com.aquastream.backup.worker.backup.kafka;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventDeserializer;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.worker.backup.BackupService;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Inbound adapter of {@code backup.requested}: decodes the record and hands it to the use case. */
public final class BackupRequestedHandler implements RecordHandler {

    private final EventDeserializer deserializer = new EventDeserializer();
    private final BackupService service;

    public BackupRequestedHandler(BackupService service) {
        this.service = service;
    }

    @Override
    public Job accept(ConsumerRecord<String, byte[]> record) {
        Event event = deserializer.deserialize(record.topic(), record.headers(), record.value());
        if (!(event instanceof BackupRequested request)) {
            throw new MalformedEventException("expected a backup.requested event, got "
                    + (event == null ? "an empty record" : event.type()));
        }
        return service.accept(request);
    }
}
