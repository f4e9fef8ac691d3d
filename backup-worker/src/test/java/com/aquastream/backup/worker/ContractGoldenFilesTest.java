package com.aquastream.backup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.kafka.GoldenRecords;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.GoldenFiles;
import com.aquastream.backup.events.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract's golden file of every topic this service consumes, read through its own inbound adapter (STYLE
 * rule 3): every member is understood, none lost.
 */
class ContractGoldenFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {Topics.BACKUP_REQUESTED, Topics.BACKUP_EXPIRED})
    void readsTheGoldenEventOfEachConsumedTopicCompletely(String topic) {
        byte[] golden = GoldenFiles.read(topic);

        Event event = GoldenRecords.handled(Topics.eventTypeOf(topic), topic, golden);

        assertThat(event).isInstanceOf(Topics.eventTypeOf(topic));
        assertThat(event.messageKey()).isEqualTo("aquastream.user");
        assertThat(GoldenFiles.tree(new EventCodec().encode(event))).isEqualTo(GoldenFiles.tree(golden));
    }
}
