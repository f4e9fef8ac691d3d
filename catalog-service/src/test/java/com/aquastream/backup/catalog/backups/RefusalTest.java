package com.aquastream.backup.catalog.backups;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BackupFailed;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefusalTest {

    @Test
    void recognisesOnlyTheWorkersFirstNonRetryableRejectionAsARefusal() {
        assertThat(Refusal.isRefusal(failure(0, false, "rejected: schema x is not configured"))).isTrue();
        assertThat(Refusal.isRefusal(failure(3, false, "rejected: schema x is not configured"))).isFalse();
        assertThat(Refusal.isRefusal(failure(0, true, "rejected: schema x is not configured"))).isFalse();
        assertThat(Refusal.isRefusal(failure(0, false, "pg_dump exited 1"))).isFalse();
        assertThat(Refusal.isRefusal(failure(0, false, null))).isFalse();
    }

    @Test
    void keepsAtMostAThousandCharactersOfAReason() {
        String huge = "rejected: " + "x".repeat(5000);

        assertThat(Refusal.bounded(huge)).hasSize(Refusal.MAX_REASON).startsWith("rejected: x").endsWith("…");
        assertThat(Refusal.bounded("rejected: short")).isEqualTo("rejected: short");
    }

    private static BackupFailed failure(int attempt, boolean retryable, String reason) {
        return new BackupFailed(UUID.randomUUID(), Instant.parse("2025-08-17T02:30:00Z"), "aquastream", "x",
                UUID.randomUUID(), attempt, retryable, reason);
    }
}
