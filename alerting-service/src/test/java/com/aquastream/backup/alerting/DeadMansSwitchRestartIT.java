package com.aquastream.backup.alerting;

import static com.aquastream.backup.alerting.AlertingInstance.aDatabaseName;
import static com.aquastream.backup.alerting.AlertingInstance.publish;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aCompletedBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aRequestOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.events.AlertRaised;
import com.aquastream.backup.events.AlertResolved;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-man's switches (backup-missing, scheduler-silent) across a restart in the middle of the 25 h window: the
 * second run fires on time, measured from what the first run saw, and does not repeat what the first run sent.
 */
class DeadMansSwitchRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2025-08-18T02:00:00Z");

    private final MutableClock clock = MutableClock.ticking(T0);
    private final String db = aDatabaseName();
    private TestDatabase database;
    private EventCollector alerts;
    private RecordingHttpServer webhook;
    private Map<String, Object> settings;

    @BeforeEach
    void setUp() {
        database = TestDatabases.create();
        alerts = new EventCollector(Topics.ALERT_RAISED, Topics.ALERT_RESOLVED);
        webhook = new RecordingHttpServer();
        settings = AlertingInstance.defaults(database, "alerting-service-restart-" + database.name());
        settings.put("alerting.targets." + db, "user,event");
        settings.put("alerting.channels.ops.type", "webhook");
        settings.put("alerting.channels.ops.url", webhook.url("/hook"));
        settings.put("alerting.channels.ops.min-severity", "info");
    }

    @AfterEach
    void tearDown() {
        webhook.close();
        alerts.close();
        database.close();
    }

    @Test
    void firesTheDeadMansSwitchOnTimeAfterARestartAndRepeatsNothingAlreadySent() {
        UUID requestId = UUID.randomUUID();
        try (AlertingInstance first = AlertingInstance.start(settings, clock)) {
            givenProcessed(first, aRequestOf(db, "user", requestId, T0), aCompletedBackupOf(db, "user", requestId,
                    1000, T0), aFailedBackupOf(db, "event", UUID.randomUUID(), T0));
            await().atMost(TIMEOUT).until(() -> raisedWebhooks("backup-failed") == 1);
            clock.advance(Duration.ofHours(20));
            awaitEvaluated(first);
        }

        try (AlertingInstance second = AlertingInstance.start(settings, clock)) {
            clock.advance(Duration.ofHours(4).plusMinutes(59));
            awaitEvaluated(second);
            assertThat(raised("backup-missing")).isEmpty();
            assertThat(raised("scheduler-silent")).isEmpty();

            clock.advance(Duration.ofMinutes(2));
            await().atMost(TIMEOUT).until(() -> raised("backup-missing").size() == 2
                    && raised("scheduler-silent").size() == 1);
            publish(aRequestOf(db, "user", UUID.randomUUID(), clock.instant()),
                    aCompletedBackupOf(db, "user", UUID.randomUUID(), 1000, clock.instant()),
                    aCompletedBackupOf(db, "event", UUID.randomUUID(), 1000, clock.instant()));
            await().atMost(TIMEOUT).until(() -> resolved("backup-missing").size() == 2
                    && resolved("scheduler-silent").size() == 1 && resolved("backup-failed").size() == 1);
        }

        assertThat(raised("backup-missing")).extracting(AlertRaised::schema).containsExactlyInAnyOrder("user", "event");
        assertThat(raised("backup-missing")).extracting(AlertRaised::occurredAt)
                .allMatch(at -> at.isAfter(T0.plus(Duration.ofHours(25))));
        assertThat(raised("scheduler-silent")).singleElement().extracting(AlertRaised::schema).isEqualTo("*");
        assertThat(raised("backup-failed")).hasSize(1);
        assertThat(raisedWebhooks("backup-failed")).isEqualTo(1);
        assertThat(raisedWebhooks("backup-missing")).isEqualTo(2);
    }

    private void givenProcessed(AlertingInstance service, Event... events) {
        publish(events);
        for (Event event : events) {
            await().atMost(TIMEOUT).until(() -> service.jdbc()
                    .sql("select count(*) from processed_event where event_id = ?").param(event.eventId())
                    .query(Long.class).single() == 1);
        }
    }

    /** Waits until an evaluation ran at the clock's current time (the watched targets were looked at). */
    private void awaitEvaluated(AlertingInstance service) {
        long ticks = 3;
        // Evaluations leave no trace when nothing changes, so wait a few of their 100 ms intervals.
        await().pollDelay(Duration.ofMillis(100 * ticks + 200)).atMost(TIMEOUT).until(() -> true);
        assertThat(service.jdbc().sql("select count(*) from watched_target where database = ?").param(db)
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    private List<AlertRaised> raised(String rule) {
        return alerts.all(AlertRaised.class).stream().filter(a -> a.database().equals(db) && a.rule().equals(rule))
                .toList();
    }

    private List<AlertResolved> resolved(String rule) {
        return alerts.all(AlertResolved.class).stream().filter(a -> a.database().equals(db) && a.rule().equals(rule))
                .toList();
    }

    private long raisedWebhooks(String rule) {
        return webhook.received("/hook").stream()
                .filter(r -> r.body().contains("\"kind\":\"raised\"") && r.body().contains("\"rule\":\"" + rule + "\""))
                .count();
    }
}
