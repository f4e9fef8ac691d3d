package com.aquastream.backup.offsite.replication.kafka;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventDeserializer;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.offsite.replication.ReplicationService;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Inbound adapter of {@code backup.completed}: decodes and hands over to {@link ReplicationService}. */
public final class BackupCompletedHandler implements RecordHandler {

    private final EventDeserializer deserializer = new EventDeserializer();
    private final ReplicationService service;

    public BackupCompletedHandler(ReplicationService service) {
        this.service = service;
    }

    @Override
    public Job accept(ConsumerRecord<String, byte[]> record) {
        Event event = deserializer.deserialize(record.topic(), record.headers(), record.value());
        if (!(event instanceof BackupCompleted completed)) {
            throw new MalformedEventException("expected a backup.completed event, got "
                    + (event == null ? "an empty record" : event.type()));
        }
        return service.accept(completed);
    }
}
