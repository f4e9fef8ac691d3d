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

    @ParameterizedTest
    @MethodSource("walTopics")
    void keysEveryWalEventByClusterAndTheReservedClusterSchema(String topic) throws IOException {
        Event event;
        try (InputStream in = MessageKeyTest.class.getResourceAsStream("/golden/" + topic + ".json")) {
            event = new EventCodec().decode(in.readAllBytes(), topic);
        }

        assertThat(event).isInstanceOf(WalEvent.class);
        assertThat(event.messageKey()).isEqualTo("main.pg_cluster");
    }

    static java.util.List<String> walTopics() {
        return java.util.List.of(Topics.WAL_ARCHIVED, Topics.WAL_STATUS, Topics.BASEBACKUP_REQUESTED,
                Topics.BASEBACKUP_COMPLETED, Topics.BASEBACKUP_FAILED);
    }
}
