package com.aquastream.backup.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    @Test
    void describesTheEventInTheBinaryBindingHeadersInOrder() {
        BackupFailed event = givenABackupFailure();

        Map<String, String> headers = CloudEventHeaders.of(event, "backup-worker");

        assertThat(headers).containsExactly(
                entry("ce_specversion", "1.0"),
                entry("ce_id", "2d8b4c5a-3e6f-4a7b-8c1d-2e3f4a5b6c7d"),
                entry("ce_type", "backup.failed.v1"),
                entry("ce_source", "backup-worker"),
                entry("ce_time", "2025-08-17T02:07:12.030Z"),
                entry("content-type", "application/json"));
    }

    @Test
    void namesTheVersionedTypeOfEveryTopic() {
        BackupFailed event = givenABackupFailure();

        for (String topic : Topics.all()) {
            assertThat(Topics.eventTypeOf(topic)).isNotNull();
        }
        assertThat(CloudEventHeaders.of(event, "x").get(CloudEventHeaders.TYPE)).isEqualTo(event.topic() + ".v1");
        assertThat(List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID, CloudEventHeaders.TYPE,
                CloudEventHeaders.SOURCE, CloudEventHeaders.TIME, CloudEventHeaders.CONTENT_TYPE))
                .containsExactly("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "content-type");
    }

    private static BackupFailed givenABackupFailure() {
        return new BackupFailed(UUID.fromString("2d8b4c5a-3e6f-4a7b-8c1d-2e3f4a5b6c7d"),
                Instant.parse("2025-08-17T02:07:12.030Z"), "aquastream", "user", null, 1, true, "timeout");
    }
}
