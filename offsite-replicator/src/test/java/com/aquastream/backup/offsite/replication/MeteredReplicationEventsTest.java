package com.aquastream.backup.offsite.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.ReplicationEvent;
import com.aquastream.backup.events.ReplicationFailed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MeteredReplicationEventsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<ReplicationEvent> published = new ArrayList<>();
    private final MeteredReplicationEvents events = new MeteredReplicationEvents(published::add, registry);

    @Test
    void countsCopiesByTheTierInTheObjectsName() {
        events.publish(replicated("postgres/aquastream/weekly_user_2025-35.dump.gz"));
        events.publish(replicated("postgres/aquastream/monthly_user_2025-08.dump.gz"));
        events.publish(replicated("postgres/aquastream/weekly_user_2025-36.dump.gz"));

        assertThat(copies("weekly", "replicated")).isEqualTo(2);
        assertThat(copies("monthly", "replicated")).isEqualTo(1);
        assertThat(published).hasSize(3);
    }

    @Test
    void countsFailedCopiesApartAndAnUnknownNameAsOther() {
        events.publish(new ReplicationFailed(UUID.randomUUID(), Instant.now(), "aquastream", "user",
                UUID.randomUUID(), "postgres/aquastream/monthly_user_2025-08.dump.gz", "s3://offsite", "ab",
                "checksum mismatch"));
        events.publish(replicated("postgres/aquastream/user_20250818.dump.gz"));

        assertThat(copies("monthly", "failed")).isEqualTo(1);
        assertThat(copies("other", "replicated")).isEqualTo(1);
    }

    private double copies(String tier, String outcome) {
        return registry.get("offsite.copies").tag("tier", tier).tag("outcome", outcome).counter().count();
    }

    private static BackupReplicated replicated(String key) {
        return new BackupReplicated(UUID.randomUUID(), Instant.now(), "aquastream", "user", UUID.randomUUID(), key,
                "s3://offsite", "ab", null);
    }
}
