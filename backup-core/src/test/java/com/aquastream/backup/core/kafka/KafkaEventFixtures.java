package com.aquastream.backup.core.kafka;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events and golden documents for the Kafka serde tests. */
final class KafkaEventFixtures {

    /** The contract's golden files, read from the sibling contracts module (STYLE rule 3). */
    static final Path GOLDEN = Path.of("..", "backup-events", "src", "test", "resources", "golden");

    private KafkaEventFixtures() {
    }

    static BackupRequested aScheduledBackupRequest() {
        return new BackupRequested(UUID.fromString("0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b"),
                Instant.parse("2025-08-17T02:00:00.012Z"), "aquastream", "user",
                UUID.fromString("3f1c9a52-7b0e-5d8a-9c41-2e6f0b7d8a13"), List.of(Tier.DAILY, Tier.WEEKLY),
                Trigger.SCHEDULE, "catalog-service/scheduler", Instant.parse("2025-08-17T02:00:00Z"));
    }

    static BackupCompleted aCompletedBackup() {
        return new BackupCompleted(UUID.fromString("1c7a3b4f-2d5e-4f6a-9b0c-1d2e3f4a5b6c"),
                Instant.parse("2025-08-17T02:03:41.518Z"), "aquastream", "user",
                UUID.fromString("3f1c9a52-7b0e-5d8a-9c41-2e6f0b7d8a13"),
                UUID.fromString("8d2e4f61-0a3b-4c5d-9e7f-1a2b3c4d5e6f"), List.of(Tier.WEEKLY),
                List.of(new StoredObject(Tier.WEEKLY, "postgres/aquastream/weekly_user_2025-33.dump.gz")),
                "s3", 48213377L, "9f2c4e1a7b3d5f60817a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70", "gzip",
                "pg_dump-custom", Instant.parse("2025-08-17T02:00:01.204Z"), Instant.parse("2025-08-17T02:03:40.977Z"),
                "16.4", "pg_dump (PostgreSQL) 16.4", Map.of("user.users", 120431L));
    }

    static byte[] golden(String topic) {
        try {
            return Files.readAllBytes(GOLDEN.resolve(topic + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
