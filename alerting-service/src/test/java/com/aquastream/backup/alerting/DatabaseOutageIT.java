package com.aquastream.backup.alerting;

import static com.aquastream.backup.alerting.AlertingInstance.aDatabaseName;
import static com.aquastream.backup.alerting.AlertingInstance.publish;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedBackupOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.events.AlertRaised;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform's retry policy as the alerting service configures it: an event whose handling fails because the
 * database does (here: its idempotency table is gone) is delivered again after the redelivery backoff, handled once
 * the database is back, and dead-lettered only after the last attempt.
 */
class DatabaseOutageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    private static final int ATTEMPTS = 3;

    private TestDatabase database;
    private EventCollector events;
    private AlertingInstance service;

    @BeforeEach
    void setUp() {
        database = TestDatabases.create();
        events = new EventCollector(Topics.ALERT_RAISED, Topics.deadLetterOf(Topics.BACKUP_FAILED));
        Map<String, Object> settings = AlertingInstance.defaults(database, "alerting-service-outage-" + database.name());
        settings.put("backup.platform.consumer.redelivery-backoff", BACKOFF.toMillis() + "ms");
        settings.put("backup.platform.consumer.max-attempts", String.valueOf(ATTEMPTS));
        service = AlertingInstance.start(settings, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        service.close();
        events.close();
        database.close();
    }

    @Test
    void deadLettersAnEventOnlyAfterItsLastRedeliveryFailed() {
        givenTheDatabaseFails();
        BackupFailed failure = aFailedBackupOf(aDatabaseName(), "user", UUID.randomUUID(), Instant.now());
        Instant published = Instant.now();

        publish(failure);

        await().atMost(TIMEOUT).until(() -> deadLetterOf(failure).isPresent());
        Instant deadLettered = Instant.ofEpochMilli(deadLetterOf(failure).get().timestamp());
        assertThat(Duration.between(published, deadLettered))
                .isGreaterThanOrEqualTo(BACKOFF.multipliedBy(ATTEMPTS - 1).minusMillis(500));
    }

    @Test
    void handlesAnEventOnceTheDatabaseIsBackBeforeTheLastRedelivery() {
        givenTheDatabaseFails();
        String db = aDatabaseName();
        BackupFailed failure = aFailedBackupOf(db, "user", UUID.randomUUID(), Instant.now());

        publish(failure);
        await().pollDelay(BACKOFF.dividedBy(2)).atMost(TIMEOUT).until(() -> true);
        service.jdbc().sql("alter table processed_event_away rename to processed_event").update();

        await().atMost(TIMEOUT).until(() -> events.all(AlertRaised.class).stream()
                .anyMatch(a -> a.database().equals(db) && a.rule().equals("backup-failed")));
        assertThat(deadLetterOf(failure)).isEmpty();
    }

    /** The idempotency table is gone: every event's transaction fails, as with the database down. */
    private void givenTheDatabaseFails() {
        service.jdbc().sql("alter table processed_event rename to processed_event_away").update();
    }

    private Optional<ConsumerRecord<String, byte[]>> deadLetterOf(BackupFailed event) {
        return events.deadLetters().stream()
                .filter(r -> r.value() != null && new String(r.value(), UTF_8).contains(event.eventId().toString()))
                .findFirst();
    }
}
