package com.aquastream.backup.catalog.backups.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.kafka.EventDeserializer;
import com.aquastream.backup.core.kafka.GoldenRecords;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.CloudEventHeaders;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.GoldenFiles;
import com.aquastream.backup.events.MalformedEventException;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract's golden files read through this service's own consumer stack, the platform job consumer's inbound
 * adapter (STYLE rule 3).
 */
class ContractGoldenFilesTest {

    /** Every topic the catalog consumes: decoded by its consumer stack, nothing lost (re-encoded, the same tree). */
    @ParameterizedTest
    @ValueSource(strings = {Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.RESTORE_COMPLETED,
            Topics.RESTORE_VERIFIED, Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED, Topics.BASEBACKUP_COMPLETED,
            Topics.BASEBACKUP_FAILED, Topics.WAL_ARCHIVED, Topics.WAL_STATUS})
    void readsTheGoldenEventOfEachConsumedTopicCompletely(String topic) {
        Event event = GoldenRecords.handled(Topics.eventTypeOf(topic), topic, GoldenFiles.read(topic));

        assertThat(event).isInstanceOf(Topics.eventTypeOf(topic));
        assertThat(GoldenFiles.tree(new EventCodec().encode(event)))
                .isEqualTo(GoldenFiles.tree(GoldenFiles.read(topic)));
    }

    @Test
    void readsTheGoldenBackupCompleted() {
        BackupCompleted completed = GoldenRecords.handled(BackupCompleted.class, Topics.BACKUP_COMPLETED,
                GoldenFiles.read(Topics.BACKUP_COMPLETED));

        assertThat(completed.schema()).isEqualTo("user");
        assertThat(completed.objects()).contains(
                new StoredObject(Tier.WEEKLY, "postgres/aquastream/weekly_user_2025-33.dump.gz"));
        assertThat(completed.sizeBytes()).isEqualTo(48213377L);
        assertThat(completed.tableRowCounts()).containsEntry("user.users", 120431L);
    }

    @Test
    void readsTheGoldenBackupFailed() {
        BackupFailed failed = GoldenRecords.handled(BackupFailed.class, Topics.BACKUP_FAILED,
                GoldenFiles.read(Topics.BACKUP_FAILED));

        assertThat(failed).isInstanceOf(BackupFailed.class);
        assertThat(failed.reason()).isNotBlank();
    }

    /** The catalog's own handler refuses garbage before any use case sees it: the record is dead-lettered at once. */
    @Test
    void turnsGarbageIntoADeserializationFailureForTheDeadLetterTopic() {
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.BACKUP_COMPLETED, 0, 0L,
                "aquastream.user", "{not json".getBytes(StandardCharsets.UTF_8));
        garbage.headers().add(CloudEventHeaders.TYPE, (Topics.BACKUP_COMPLETED + ".v1").getBytes(UTF_8));

        assertThatThrownBy(() -> BackupResultHandlers.completed(null).accept(garbage))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void refusesAnEventOfAnotherTopic() {
        assertThatThrownBy(() -> new EventDeserializer().deserialize(Topics.BACKUP_COMPLETED,
                headersWithType("backup.failed.v1"), GoldenFiles.read(Topics.BACKUP_FAILED)))
                .hasMessageContaining("does not belong");
    }

    private static RecordHeaders headersWithType(String type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
