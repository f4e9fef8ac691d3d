package com.aquastream.backup.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/** The manual's three set-ups: production 02:00 UTC, staging 03:00 UTC, development on demand only. */
class ScheduleProfilesTest {

    private static final Instant MORNING = Instant.parse("2025-08-18T09:00:00Z");

    @Test
    void schedulesProductionDailyAtTwoUtc() {
        String cron = cronOf("application.yml");

        assertThat(CronSlotCalendar.of(cron).latestSlotAtOrBefore(MORNING))
                .contains(Instant.parse("2025-08-18T02:00:00Z"));
    }

    @Test
    void schedulesStagingDailyAtThreeUtc() {
        String cron = cronOf("application-staging.yml");

        assertThat(CronSlotCalendar.of(cron).latestSlotAtOrBefore(MORNING))
                .contains(Instant.parse("2025-08-18T03:00:00Z"));
    }

    @Test
    void schedulesNothingInDevelopment() {
        String cron = cronOf("application-development.yml");

        assertThat(CronSlotCalendar.isDisabled(cron)).isTrue();
    }

    private static String cronOf(String file) {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource(file));
        Properties properties = yaml.getObject();
        return properties.getProperty("catalog.schedule.cron");
    }
}
