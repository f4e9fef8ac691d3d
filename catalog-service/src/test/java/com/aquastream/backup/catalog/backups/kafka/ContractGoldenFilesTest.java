package com.aquastream.backup.catalog.backups.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.kafka.EventDeserializer;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.GoldenFiles;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;

/** The contract's golden files read through this service's own consumer stack (STYLE rule 3). */
class ContractGoldenFilesTest {

    private final ErrorHandlingDeserializer<Event> deserializer = deserializer();

    /** Every topic the catalog consumes: decoded by its consumer stack, nothing lost (re-encoded, the same tree). */
    @ParameterizedTest
    @ValueSource(strings = {Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.RESTORE_COMPLETED,
            Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED})
    void readsTheGoldenEventOfEachConsumedTopicCompletely(String topic) {
        Event event = deserializer.deserialize(topic, new RecordHeaders(), golden(topic));

        assertThat(event).isInstanceOf(Topics.eventTypeOf(topic));
        assertThat(GoldenFiles.tree(new EventCodec().encode(event))).isEqualTo(GoldenFiles.tree(golden(topic)));
    }

    @Test
    void readsTheGoldenBackupCompleted() {
        Event event = deserializer.deserialize(Topics.BACKUP_COMPLETED, new RecordHeaders(),
                golden(Topics.BACKUP_COMPLETED));

        BackupCompleted completed = (BackupCompleted) event;
        assertThat(completed.schema()).isEqualTo("user");
        assertThat(completed.objects()).contains(
                new StoredObject(Tier.WEEKLY, "postgres/aquastream/weekly_user_2025-33.dump.gz"));
        assertThat(completed.sizeBytes()).isEqualTo(48213377L);
        assertThat(completed.tableRowCounts()).containsEntry("user.users", 120431L);
    }

    @Test
    void readsTheGoldenBackupFailed() {
        Event event = deserializer.deserialize(Topics.BACKUP_FAILED, new RecordHeaders(), golden(Topics.BACKUP_FAILED));

        assertThat(event).isInstanceOf(BackupFailed.class);
        assertThat(((BackupFailed) event).reason()).isNotBlank();
    }

    @Test
    void turnsGarbageIntoADeserializationFailureForTheDeadLetterTopic() {
        RecordHeaders headers = new RecordHeaders();

        Event event = deserializer.deserialize(Topics.BACKUP_COMPLETED, headers,
                "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(event).isNull();
        assertThat(headers.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)).isNotNull();
    }

    private static ErrorHandlingDeserializer<Event> deserializer() {
        ErrorHandlingDeserializer<Event> d = new ErrorHandlingDeserializer<>();
        d.configure(Map.of(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, EventDeserializer.class), false);
        return d;
    }

    private static byte[] golden(String topic) {
        try (InputStream in = ContractGoldenFilesTest.class.getResourceAsStream("/golden/" + topic + ".json")) {
            assertThat(in).as("golden file of " + topic).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesAnEventOfAnotherTopic() {
        assertThatThrownBy(() -> new EventDeserializer().deserialize(Topics.BACKUP_COMPLETED,
                headersWithType("backup.failed.v1"), golden(Topics.BACKUP_FAILED)))
                .hasMessageContaining("does not belong");
    }

    private static RecordHeaders headersWithType(String type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
