package com.aquastream.backup.catalog.restores;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.catalog.backups.Backup;
import com.aquastream.backup.catalog.backups.BackupStatus;
import com.aquastream.backup.catalog.backups.CatalogObject;
import com.aquastream.backup.catalog.backups.ObjectStatus;
import com.aquastream.backup.events.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RestorePointsTest {

    private static final Instant DAY1 = Instant.parse("2025-06-01T02:00:00Z");

    @Test
    void choosesTheNewestCompletedBackupFinishedAtOrBeforeAsOf() {
        Backup first = completed(0);
        Backup second = completed(1);
        Backup third = completed(2);

        assertThat(RestorePoints.newest(List.of(third, first, second), second.finishedAt())).contains(second);
        assertThat(RestorePoints.newest(List.of(third, first, second), null)).contains(third);
        assertThat(RestorePoints.newest(List.of(third, first, second), first.finishedAt().minusSeconds(1))).isEmpty();
    }

    @Test
    void skipsCorruptFailedExpiredAndEmptiedBackups() {
        Backup good = completed(0);
        List<Backup> history = List.of(good, completed(1).withStatus(BackupStatus.CORRUPT),
                completed(2).withStatus(BackupStatus.EXPIRED), completed(3).withStatus(BackupStatus.FAILED),
                completed(4).withObjects(List.of(new CatalogObject("postgres/db/s_20250605.dump.gz", Tier.DAILY,
                        ObjectStatus.EXPIRED))));

        assertThat(RestorePoints.newest(history, null)).contains(good);
    }

    @Test
    void prefersTheDailyKeyAndFallsBackToAnyActiveObject() {
        Backup both = completed(0);
        Backup monthlyOnly = completed(1).withObjects(List.of(
                new CatalogObject("postgres/db/s_20250602.dump.gz", Tier.DAILY, ObjectStatus.EXPIRED),
                CatalogObject.active(Tier.MONTHLY, "postgres/db/monthly_s_2025-06.dump.gz")));

        assertThat(both.restoreKey()).contains("postgres/db/s_20250601.dump.gz");
        assertThat(monthlyOnly.restoreKey()).contains("postgres/db/monthly_s_2025-06.dump.gz");
    }

    @Test
    void explainsWhyASchemaHasNoRestorePoint() {
        Backup later = completed(3);

        assertThat(RestorePoints.whyNone(List.of(), null)).isEqualTo("no backup in the catalog");
        assertThat(RestorePoints.whyNone(List.of(later.withStatus(BackupStatus.CORRUPT)), null))
                .isEqualTo("no completed backup (1 corrupt)");
        assertThat(RestorePoints.whyNone(List.of(later), DAY1)).contains("at or before " + DAY1)
                .contains("the oldest finished " + later.finishedAt());
    }

    private static Backup completed(int day) {
        Instant slot = DAY1.plus(Duration.ofDays(day));
        UUID requestId = UUID.randomUUID();
        String date = "202506" + String.format("%02d", day + 1);
        return new Backup(UUID.randomUUID(), requestId, "db", "s", List.of(Tier.DAILY, Tier.MONTHLY),
                BackupStatus.COMPLETED, false, slot, slot.plusSeconds(1), slot.plusSeconds(60), 100L, "ab", "fs", "gzip",
                "custom", "15", "15", null, null, null, null, null, null, null,
                List.of(CatalogObject.active(Tier.DAILY, "postgres/db/s_" + date + ".dump.gz"),
                        CatalogObject.active(Tier.MONTHLY, "postgres/db/monthly_s_2025-06.dump.gz")));
    }
}
