package com.aquastream.backup.worker.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BackupFailed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MeteredBackupEventsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MeteredBackupEvents events = new MeteredBackupEvents(event -> { }, registry);

    @Test
    void countsFailuresByKindOfReason() {
        events.publish(failed(0, false, "rejected: schema audit is not configured for database aquastream"));
        events.publish(failed(3, true, "database unreachable"));
        events.publish(failed(1, false, "pg_dump exited 1: schema user does not exist"));
        events.publish(failed(1, false, "pg_dump exited 1: permission denied"));

        assertThat(failures("rejected")).isEqualTo(1);
        assertThat(failures("transient")).isEqualTo(1);
        assertThat(failures("permanent")).isEqualTo(2);
        assertThat(registry.get("backup.worker.backups").tag("outcome", "failed").counter().count()).isEqualTo(4);
    }

    private double failures(String reason) {
        return registry.get("backup.worker.failures").tag("reason", reason).counter().count();
    }

    private static BackupFailed failed(int attempt, boolean retryable, String reason) {
        return new BackupFailed(UUID.randomUUID(), Instant.now(), "aquastream", "user", UUID.randomUUID(), attempt,
                retryable, reason);
    }
}
