package com.aquastream.backup.core.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aquastream.backup.events.CloudEventHeaders;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes events as the contract's JSON and stamps the CloudEvents binary-binding headers on the record
 * (DESIGN.md, public event contract v1).
 *
 * <p>The {@code ce_source} comes from the constructor or from the producer property {@value #SOURCE_CONFIG}
 * (with Spring: {@code spring.kafka.producer.properties[event.source]=backup-worker}). Headers already on the
 * record under the same names are replaced, not duplicated: a dead-letter or retry publish copies the original
 * record's headers and then serializes the event again. The topic is not checked against the event's own
 * topic for the same reason, since such a publish goes to {@code <topic>.DLT}.
 */
public final class EventSerializer implements Serializer<Event> {

    /** Producer property naming the publishing service, written as {@code ce_source}. */
    public static final String SOURCE_CONFIG = "event.source";

    private final EventCodec codec = new EventCodec();
    private volatile String source;

    /** For instantiation by class name; {@link #configure} must then supply {@value #SOURCE_CONFIG}. */
    public EventSerializer() {
    }

    public EventSerializer(String source) {
        this.source = requireSource(source);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object configured = configs.get(SOURCE_CONFIG);
        if (configured != null) {
            source = requireSource(configured.toString());
        } else if (source == null) {
            throw new ConfigException(SOURCE_CONFIG, null,
                    "the service name written as CloudEvents ce_source is required");
        }
    }

    /** The JSON of {@code event} without headers, or {@code null} for a {@code null} event. */
    @Override
    public byte[] serialize(String topic, Event event) {
        return event == null ? null : codec.encode(event);
    }

    /** The JSON of {@code event}, after setting its CloudEvents headers; {@code null} for a {@code null} event. */
    @Override
    public byte[] serialize(String topic, Headers headers, Event event) {
        if (event == null) {
            return null;
        }
        String currentSource = source;
        if (currentSource == null) {
            throw new IllegalStateException("EventSerializer has no source: pass it to the constructor or configure "
                    + SOURCE_CONFIG);
        }
        byte[] json = codec.encode(event); // first, so a failing event leaves the headers untouched
        CloudEventHeaders.of(event, currentSource).forEach((name, value) -> {
            headers.remove(name);
            headers.add(name, value.getBytes(UTF_8));
        });
        return json;
    }

    private static String requireSource(String source) {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new ConfigException(SOURCE_CONFIG, source, "must not be blank");
        }
        return source;
    }
}
