package com.aquastream.backup.offsite.replication.kafka;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.core.kafka.EventDeserializer;
import com.aquastream.backup.events.BackupExpired;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.offsite.replication.OffsiteExpiry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Inbound adapter of {@code backup.expired}: decodes and hands over to {@link OffsiteExpiry}. */
public final class BackupExpiredHandler implements RecordHandler {

    private final EventDeserializer deserializer = new EventDeserializer();
    private final OffsiteExpiry expiry;

    public BackupExpiredHandler(OffsiteExpiry expiry) {
        this.expiry = expiry;
    }

    @Override
    public Job accept(ConsumerRecord<String, byte[]> record) {
        Event event = deserializer.deserialize(record.topic(), record.headers(), record.value());
        if (!(event instanceof BackupExpired expired)) {
            throw new MalformedEventException("expected a backup.expired event, got "
                    + (event == null ? "an empty record" : event.type()));
        }
        return expiry.accept(expired);
    }
}
