package com.aquastream.backup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event is keyed {@code {database}.{schema}}, also those whose own {@code key} field names an object. */
class MessageKeyTest {

    static java.util.List<String> topics() {
        return Topics.all().stream().filter(t -> !t.endsWith(Topics.DLT_SUFFIX)).toList();
    }

    @ParameterizedTest
    @MethodSource("topics")
    void keysEveryEventByDatabaseAndSchema(String topic) throws IOException {
        Event event;
        try (InputStream in = MessageKeyTest.class.getResourceAsStream("/golden/" + topic + ".json")) {
            event = new EventCodec().decode(in.readAllBytes(), topic);
        }

        assertThat(event.messageKey()).isEqualTo(event.database() + "." + event.schema())
                .doesNotContain("/");
    }
}
