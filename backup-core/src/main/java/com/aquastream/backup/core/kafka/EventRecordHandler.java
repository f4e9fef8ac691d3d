package com.aquastream.backup.core.kafka;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.consumer.RecordHandler;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.MalformedEventException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The inbound adapter of a topic: decodes the record with the contract's deserializer and hands the event to the use
 * case; a record that is not the expected event is malformed (→ dead-letter topic).
 */
public final class EventRecordHandler<T extends Event> implements RecordHandler {

    private final EventDeserializer deserializer = new EventDeserializer();
    private final Class<T> type;
    private final Function<T, Job> useCase;

    private EventRecordHandler(Class<T> type, Function<T, Job> useCase) {
        this.type = type;
        this.useCase = useCase;
    }

    public static <T extends Event> EventRecordHandler<T> of(Class<T> type, Function<T, Job> useCase) {
        return new EventRecordHandler<>(type, useCase);
    }

    @Override
    public Job accept(ConsumerRecord<String, byte[]> record) {
        Event event = deserializer.deserialize(record.topic(), record.headers(), record.value());
        if (!type.isInstance(event)) {
            throw new MalformedEventException("expected a " + type.getSimpleName() + " event, got "
                    + (event == null ? "an empty record" : event.type()));
        }
        return useCase.apply(type.cast(event));
    }
}
