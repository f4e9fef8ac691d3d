package com.aquastream.backup.core.kafka;

import static com.aquastream.backup.core.kafka.KafkaEventFixtures.aCompletedBackup;
import static com.aquastream.backup.core.kafka.KafkaEventFixtures.aScheduledBackupRequest;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.events.Topics;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventDeserializerTest {

    private final EventDeserializer deserializer = new EventDeserializer();

    @Test
    void readsARecordWrittenByEventSerializer() {
        Headers headers = new RecordHeaders();
        byte[] value = new EventSerializer("backup-worker").serialize("backup.completed", headers, aCompletedBackup());

        Event event = deserializer.deserialize("backup.completed", headers, value);

        assertThat(event).isEqualTo(aCompletedBackup());
    }

    @Test
    void takesTheTypeFromTheTopicWhenThereIsNoCeTypeHeader() {
        byte[] value = plainJson(aScheduledBackupRequest());

        Event withoutHeaders = deserializer.deserialize("backup.requested", new RecordHeaders(), value);
        Event withoutHeaderApi = deserializer.deserialize("backup.requested", value);

        assertThat(withoutHeaders).isEqualTo(aScheduledBackupRequest());
        assertThat(withoutHeaderApi).isInstanceOf(BackupRequested.class).isEqualTo(aScheduledBackupRequest());
    }

    @Test
    void takesTheTypeFromCeTypeOnATopicOutsideTheContract() {
        Headers headers = givenCeType("backup.requested.v1");

        Event event = deserializer.deserialize("backup.requested-retry-0", headers, plainJson(aScheduledBackupRequest()));

        assertThat(event).isEqualTo(aScheduledBackupRequest());
    }

    @Test
    void readsThroughTheByteBufferVariant() {
        ByteBuffer value = ByteBuffer.wrap(plainJson(aScheduledBackupRequest()));

        Event event = deserializer.deserialize("backup.requested", new RecordHeaders(), value);

        assertThat(event).isEqualTo(aScheduledBackupRequest());
    }

    @ParameterizedTest
    @MethodSource("com.aquastream.backup.events.Topics#all")
    void readsEveryGoldenFileByTopic(String topic) {
        byte[] golden = KafkaEventFixtures.golden(topic);

        Event event = deserializer.deserialize(topic, new RecordHeaders(), golden);

        assertThat(event).isEqualTo(new EventCodec().decode(golden, topic));
        assertThat(event.topic()).isEqualTo(topic);
    }

    @Test
    void readsNullAsNull() {
        assertThat(deserializer.deserialize("backup.requested", new RecordHeaders(), (byte[]) null)).isNull();
        assertThat(deserializer.deserialize("backup.requested", (byte[]) null)).isNull();
    }

    @Test
    void rejectsGarbage() {
        byte[] garbage = "not json {".getBytes(UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize("backup.requested", new RecordHeaders(), garbage))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("malformed backup.requested.v1 event: malformed JSON at line 1, column 1");
    }

    @Test
    void rejectsTruncatedJson() {
        byte[] json = plainJson(aCompletedBackup());
        byte[] truncated = Arrays.copyOf(json, json.length - 3);

        assertThatThrownBy(() -> deserializer.deserialize("backup.completed", new RecordHeaders(), truncated))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void rejectsAnEventWithoutARequiredField() {
        byte[] json = "{\"eventId\":\"0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b\",\"occurredAt\":\"2025-08-17T02:00:00Z\","
                .concat("\"database\":\"aquastream\"}").getBytes(UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize("backup.requested", new RecordHeaders(), json))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("required field 'schema' is missing");
    }

    @Test
    void rejectsARecordOnADeadLetterTopic() {
        byte[] value = plainJson(aScheduledBackupRequest());
        Headers headers = givenCeType("backup.requested.v1");

        assertThatThrownBy(() -> deserializer.deserialize(Topics.deadLetterOf("backup.requested"), headers, value))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("dead-letter topic 'backup.requested.DLT'");
    }

    @Test
    void rejectsATopicOutsideTheContractWithoutCeType() {
        byte[] value = plainJson(aScheduledBackupRequest());

        assertThatThrownBy(() -> deserializer.deserialize("backups.misc", new RecordHeaders(), value))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("unknown event type 'backups.misc'");
    }

    @Test
    void rejectsAnUnknownCeType() {
        byte[] value = plainJson(aScheduledBackupRequest());
        Headers headers = givenCeType("backup.requested.v2");

        assertThatThrownBy(() -> deserializer.deserialize("backup.requested", headers, value))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("unknown event type 'backup.requested.v2'");
    }

    @Test
    void rejectsACeTypeThatBelongsOnAnotherTopic() {
        byte[] value = plainJson(aCompletedBackup());
        Headers headers = givenCeType("backup.completed.v1");

        assertThatThrownBy(() -> deserializer.deserialize("backup.requested", headers, value))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("ce_type 'backup.completed.v1' does not belong on topic 'backup.requested', "
                        + "which carries backup.requested.v1");
    }

    private static Headers givenCeType(String type) {
        Headers headers = new RecordHeaders();
        headers.add("ce_type", type.getBytes(UTF_8));
        return headers;
    }

    private static byte[] plainJson(Event event) {
        return new EventCodec().encode(event);
    }
}
