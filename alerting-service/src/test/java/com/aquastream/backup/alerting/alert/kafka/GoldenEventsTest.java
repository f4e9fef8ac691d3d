package com.aquastream.backup.alerting.alert.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.kafka.EventDeserializer;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's golden files of every consumed topic read through the deserializer this service uses (STYLE 3). */
class GoldenEventsTest {

    private final EventDeserializer deserializer = new EventDeserializer();

    @ParameterizedTest
    @ValueSource(strings = {Topics.BACKUP_REQUESTED, Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED,
        Topics.RESTORE_REQUESTED, Topics.RESTORE_COMPLETED, Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED,
        Topics.RESTORE_REJECTED, Topics.BACKUP_REPLICATED, Topics.REPLICATION_FAILED})
    void readsTheGoldenEventOfEachConsumedTopic(String topic) throws IOException {
        byte[] golden = golden(topic);

        Event event = deserializer.deserialize(topic, golden);

        assertThat(event).isInstanceOf(Topics.eventTypeOf(topic));
        assertThat(event.eventId()).isNotNull();
        assertThat(event.messageKey()).isEqualTo("aquastream.user");
    }

    @ParameterizedTest
    @ValueSource(strings = {Topics.WAL_STATUS, Topics.WAL_ARCHIVED, Topics.BASEBACKUP_COMPLETED,
        Topics.BASEBACKUP_FAILED})
    void readsTheGoldenEventOfEachConsumedWalTopic(String topic) throws IOException {
        byte[] golden = golden(topic);

        Event event = deserializer.deserialize(topic, golden);

        assertThat(event).isInstanceOf(Topics.eventTypeOf(topic));
        assertThat(event.eventId()).isNotNull();
        assertThat(event.messageKey()).isEqualTo("main.pg_cluster");
    }

    @org.junit.jupiter.api.Test
    void readsEveryConsumedTopic() {
        assertThat(AlertingEventHandlers.CONSUMED).containsExactlyInAnyOrder(Topics.BACKUP_REQUESTED,
                Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.RESTORE_REQUESTED, Topics.RESTORE_COMPLETED,
                Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED, Topics.BACKUP_REPLICATED,
                Topics.REPLICATION_FAILED, Topics.WAL_STATUS, Topics.WAL_ARCHIVED, Topics.BASEBACKUP_COMPLETED,
                Topics.BASEBACKUP_FAILED);
    }

    private static byte[] golden(String topic) throws IOException {
        try (InputStream in = GoldenEventsTest.class.getResourceAsStream("/golden/" + topic + ".json")) {
            assertThat(in).as("golden file of " + topic).isNotNull();
            return in.readAllBytes();
        }
    }
}
