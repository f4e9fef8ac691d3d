package com.aquastream.backup.offsite.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OffsiteRetentionTest {

    private static final List<String> COPIES = List.of(
            "postgres/app/weekly_user_2025-29.dump.gz", "postgres/app/weekly_user_2025-30.dump.gz",
            "postgres/app/weekly_user_2025-31.dump.gz", "postgres/app/weekly_user_2025-32.dump.gz",
            "postgres/app/weekly_user_2025-33.dump.gz", "postgres/app/monthly_user_2025-06.dump.gz",
            "postgres/app/monthly_user_2025-07.dump.gz", "postgres/app/monthly_user_2025-08.dump.gz",
            "postgres/app/monthly_user_2025-09.dump.gz");

    @Test
    void keepsTheManualsFourWeeklyAndThreeMonthlyCopiesByDefault() {
        assertThat(new OffsiteRetention(4, 3).keep(COPIES)).containsExactlyInAnyOrder(
                "postgres/app/weekly_user_2025-30.dump.gz", "postgres/app/weekly_user_2025-31.dump.gz",
                "postgres/app/weekly_user_2025-32.dump.gz", "postgres/app/weekly_user_2025-33.dump.gz",
                "postgres/app/monthly_user_2025-07.dump.gz", "postgres/app/monthly_user_2025-08.dump.gz",
                "postgres/app/monthly_user_2025-09.dump.gz");
    }

    @Test
    void aLongerOffsitePolicyKeepsEverythingItHas() {
        assertThat(new OffsiteRetention(52, 36).keep(COPIES)).containsExactlyInAnyOrderElementsOf(COPIES);
    }

    @Test
    void ordersWeeksAcrossAYearBoundary() {
        List<String> copies = List.of("postgres/app/weekly_user_2024-52.dump.gz",
                "postgres/app/weekly_user_2025-01.dump.gz");

        assertThat(new OffsiteRetention(1, 1).keep(copies)).containsExactly("postgres/app/weekly_user_2025-01.dump.gz");
    }
}
