package com.aquastream.backup.restore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.kafka.EventDeserializer;
import com.aquastream.backup.core.kafka.GoldenRecords;
import com.aquastream.backup.events.CloudEventHeaders;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.GoldenFiles;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Topics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract's golden file of every topic this service consumes, read the way it reads them (STYLE rule 3): the
 * commands through its job consumer's inbound adapter, the results of its safety backups through the deserializer
 * of their watcher. Every member is understood, none lost.
 */
class ContractGoldenFilesTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void readsTheGoldenRestoreRequestedCompletely() {
        byte[] golden = GoldenFiles.read(Topics.RESTORE_REQUESTED);

        RestoreRequested command = GoldenRecords.handled(RestoreRequested.class, Topics.RESTORE_REQUESTED, golden);

        assertThat(command.messageKey()).isEqualTo("aquastream.user");
        assertThat(GoldenFiles.tree(codec.encode(command))).isEqualTo(GoldenFiles.tree(golden));
    }

    @ParameterizedTest
    @ValueSource(strings = {Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED})
    void readsTheGoldenResultOfASafetyBackupCompletely(String topic) {
        byte[] golden = GoldenFiles.read(topic);
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, (topic + ".v1").getBytes(UTF_8));

        Event result = new EventDeserializer().deserialize(topic, headers, golden);

        assertThat(result).isInstanceOf(Topics.eventTypeOf(topic));
        assertThat(GoldenFiles.tree(codec.encode(result))).isEqualTo(GoldenFiles.tree(golden));
    }
}
