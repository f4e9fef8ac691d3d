package com.aquastream.backup.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.kafka.EventRecordHandler;
import com.aquastream.backup.events.CloudEventHeaders;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.GoldenFiles;
import com.aquastream.backup.events.Topics;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

        Event event = handled(Topics.eventTypeOf(topic), aRecordOf(topic, golden));

        assertThat(event).isInstanceOf(Topics.eventTypeOf(topic));
        assertThat(event.messageKey()).isEqualTo("aquastream.user");
        assertThat(GoldenFiles.tree(new EventCodec().encode(event))).isEqualTo(GoldenFiles.tree(golden));
    }

    private static <T extends Event> T handled(Class<T> type, ConsumerRecord<String, byte[]> record) {
        AtomicReference<T> handled = new AtomicReference<>();
        EventRecordHandler.of(type, event -> {
            handled.set(event);
            return null;
        }).accept(record);
        return handled.get();
    }

    private static ConsumerRecord<String, byte[]> aRecordOf(String topic, byte[] value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 0L, "aquastream.user", value);
        record.headers().add(CloudEventHeaders.TYPE, (topic + ".v1").getBytes(UTF_8));
        return record;
    }
}
