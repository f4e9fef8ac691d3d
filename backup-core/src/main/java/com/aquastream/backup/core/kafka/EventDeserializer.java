package com.aquastream.backup.core.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aquastream.backup.events.CloudEventHeaders;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.events.Topics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records of the contract's topics into {@link Event}s.
 *
 * <p>The event type comes from the {@code ce_type} header when there is one, otherwise from the topic, so a
 * {@code backup.requested} sent by a plain producer without headers (a script, {@code kafka-console-producer})
 * is still understood. Anything that is not a valid event of the contract throws
 * {@link MalformedEventException}: broken JSON, an unknown or other-version type, a {@code ce_type} that
 * belongs on another contract topic, and any record of a {@code .DLT} topic. Wrapped in Spring's
 * {@code ErrorHandlingDeserializer}, that sends the record to the dead-letter topic instead of stopping or
 * looping the consumer. A {@code null} value (a tombstone) reads as {@code null}.
 */
public final class EventDeserializer implements Deserializer<Event> {

    private final EventCodec codec = new EventCodec();

    @Override
    public Event deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public Event deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        if (topic != null && topic.endsWith(Topics.DLT_SUFFIX)) {
            // A dead letter is by definition a record some consumer could not handle; reading it as an event
            // would feed it straight back into processing.
            throw new MalformedEventException("record on dead-letter topic '" + topic + "' is not read as an event");
        }
        String type = typeOf(topic, headers);
        return codec.decode(data, type);
    }

    private static String typeOf(String topic, Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(CloudEventHeaders.TYPE);
        if (header == null || header.value() == null) {
            return topic;
        }
        String type = new String(header.value(), UTF_8);
        Class<? extends Event> byType = EventCodec.eventClassOf(type);
        Class<? extends Event> byTopic = Topics.eventTypeOf(topic);
        // Retry topics and other non-contract topics carry whatever ce_type says; a contract topic carries
        // exactly its own type, or a listener would receive an event it was never written for.
        if (byType != null && byTopic != null && byType != byTopic) {
            throw new MalformedEventException(
                    "ce_type '" + type + "' does not belong on topic '" + topic + "', which carries " + topic + ".v1");
        }
        return type;
    }
}
