package com.aquastream.backup.core.kafka;

import static com.aquastream.backup.core.kafka.KafkaEventFixtures.aCompletedBackup;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventSerializerTest {

    @Test
    void writesTheEventAsContractJson() {
        EventSerializer serializer = new EventSerializer("backup-worker");
        BackupCompleted event = aCompletedBackup();

        byte[] json = serializer.serialize("backup.completed", new RecordHeaders(), event);

        assertThat(new EventCodec().decode(json, BackupCompleted.class)).isEqualTo(event);
        assertThat(serializer.serialize("backup.completed", event)).isEqualTo(json);
    }

    @Test
    void addsTheCloudEventsHeaders() {
        EventSerializer serializer = new EventSerializer("backup-worker");
        Headers headers = new RecordHeaders();

        serializer.serialize("backup.completed", headers, aCompletedBackup());

        assertThat(asMap(headers)).containsExactly(
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", "1c7a3b4f-2d5e-4f6a-9b0c-1d2e3f4a5b6c"),
                Map.entry("ce_type", "backup.completed.v1"),
                Map.entry("ce_source", "backup-worker"),
                Map.entry("ce_time", "2025-08-17T02:03:41.518Z"),
                Map.entry("content-type", "application/json"));
    }

    @Test
    void replacesCloudEventsHeadersAlreadyOnTheRecordAndKeepsOthers() {
        EventSerializer serializer = new EventSerializer("backup-worker");
        Headers headers = new RecordHeaders();
        headers.add("ce_source", "someone-else".getBytes(UTF_8));
        headers.add("kafka_dlt-exception-message", "boom".getBytes(UTF_8));

        serializer.serialize("backup.completed.DLT", headers, aCompletedBackup());

        assertThat(headers.headers("ce_source")).hasSize(1);
        assertThat(asMap(headers)).containsEntry("ce_source", "backup-worker")
                .containsEntry("kafka_dlt-exception-message", "boom");
    }

    @Test
    void takesTheSourceFromTheProducerConfiguration() {
        EventSerializer serializer = new EventSerializer();
        serializer.configure(Map.of(EventSerializer.SOURCE_CONFIG, "catalog-service"), false);
        Headers headers = new RecordHeaders();

        serializer.serialize("backup.completed", headers, aCompletedBackup());

        assertThat(asMap(headers)).containsEntry("ce_source", "catalog-service");
    }

    @Test
    void refusesAConfigurationWithoutSource() {
        EventSerializer serializer = new EventSerializer();

        assertThatThrownBy(() -> serializer.configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EventSerializer.SOURCE_CONFIG);
    }

    @Test
    void keepsTheConstructorSourceWhenTheConfigurationHasNone() {
        EventSerializer serializer = new EventSerializer("restore-worker");
        serializer.configure(Map.of(), false);
        Headers headers = new RecordHeaders();

        serializer.serialize("backup.completed", headers, aCompletedBackup());

        assertThat(asMap(headers)).containsEntry("ce_source", "restore-worker");
    }

    @Test
    void writesNullForANullEventWithoutHeaders() {
        EventSerializer serializer = new EventSerializer("backup-worker");
        Headers headers = new RecordHeaders();

        byte[] json = serializer.serialize("backup.completed", headers, (Event) null);

        assertThat(json).isNull();
        assertThat(headers.toArray()).isEmpty();
    }

    @Test
    void leavesTheHeadersAloneWhenTheEventCannotBeEncoded() {
        EventSerializer serializer = new EventSerializer("backup-worker");
        Headers headers = new RecordHeaders();
        BackupCompleted withoutSchema = withoutSchema(aCompletedBackup());

        assertThatThrownBy(() -> serializer.serialize("backup.completed", headers, withoutSchema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema");
        assertThat(headers.toArray()).isEmpty();
    }

    private static BackupCompleted withoutSchema(BackupCompleted e) {
        return new BackupCompleted(e.eventId(), e.occurredAt(), e.database(), null, e.requestId(), e.backupId(),
                e.tiers(), e.objects(), e.store(), e.sizeBytes(), e.sha256(), e.compression(), e.format(),
                e.startedAt(), e.finishedAt(), e.serverVersion(), e.toolVersion(), e.tableRowCounts());
    }

    private static Map<String, String> asMap(Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        StreamSupport.stream(headers.spliterator(), false)
                .forEach((Header h) -> map.put(h.key(), new String(h.value(), UTF_8)));
        assertThat(map).hasSize(Arrays.asList(headers.toArray()).size());
        return map;
    }
}
