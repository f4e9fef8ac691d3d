package com.aquastream.backup.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.events.AlertRaised;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * An alerting database of the previous release (V1, its own {@code alert_outbox}) with an alert decided but not yet
 * published: after the upgrade (V2 moves it into the platform's {@code outbox}) the platform's relay publishes exactly
 * that event, and the old table is gone.
 */
class PlatformOutboxMigrationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void publishesAnAlertEventLeftUnpublishedByThePreviousReleaseAfterTheUpgrade() throws SQLException {
        try (TestDatabase database = TestDatabases.create();
             EventCollector alerts = new EventCollector(Topics.ALERT_RAISED)) {
            givenMigratedTo(database, "1");
            AlertRaised unpublished = anAlertRaised();
            AlertRaised published = anAlertRaised();
            givenInOldOutbox(database, unpublished, null);
            givenInOldOutbox(database, published, Instant.parse("2025-08-18T02:01:00Z"));

            try (AlertingInstance service = AlertingInstance.start(
                    AlertingInstance.defaults(database, "alerting-service-upgrade-" + database.name()),
                    Clock.systemUTC())) {

                AlertRaised relayed = alerts.await(AlertRaised.class, AlertRaised::eventId, unpublished.eventId(),
                        TIMEOUT);
                assertThat(relayed).isEqualTo(unpublished);
                assertThat(alerts.records(Topics.ALERT_RAISED)).filteredOn(r -> r.value() != null
                                && new String(r.value()).contains(unpublished.eventId().toString()))
                        .singleElement().extracting(r -> r.key()).isEqualTo(unpublished.messageKey());
                await().atMost(TIMEOUT).until(() -> service.jdbc()
                        .sql("select count(*) from outbox where published_at is null").query(Long.class).single() == 0);
                assertThat(service.jdbc().sql("select message_key, event_type from outbox where event_id = ?")
                        .param(unpublished.eventId()).query((rs, n) -> rs.getString(1) + " " + rs.getString(2))
                        .single()).isEqualTo(unpublished.messageKey() + " alert.raised.v1");
                assertThat(service.jdbc().sql("select count(*) from outbox where event_id = ?")
                        .param(published.eventId()).query(Long.class).single()).isZero();
                assertThat(service.jdbc().sql("select to_regclass('alert_outbox') is null").query(Boolean.class)
                        .single()).isTrue();
            }
            assertThat(alerts.of(AlertRaised.class, AlertRaised::eventId, published.eventId())).isEmpty();
        }
    }

    private static void givenMigratedTo(TestDatabase database, String version) {
        Flyway.configure()
                .dataSource(database.jdbcUrl(), TestDatabases.user(), System.getenv("PGPASSWORD"))
                .locations("classpath:db/migration/alerting")
                .target(version)
                .load()
                .migrate();
    }

    /** A row as the previous release's {@code JdbcAlertOutbox} wrote it: the contract's JSON as bytes. */
    private static void givenInOldOutbox(TestDatabase database, AlertRaised event, Instant publishedAt)
            throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into alert_outbox (event_id, topic, payload, published_at) values (?, ?, ?, ?)")) {
            insert.setObject(1, event.eventId());
            insert.setString(2, event.topic());
            insert.setBytes(3, new EventCodec().encode(event));
            insert.setTimestamp(4, publishedAt == null ? null : Timestamp.from(publishedAt));
            insert.executeUpdate();
        }
    }

    private static AlertRaised anAlertRaised() {
        String db = AlertingInstance.aDatabaseName();
        Instant at = Instant.parse("2025-08-18T02:00:00Z");
        return new AlertRaised(UUID.randomUUID(), at, db, "user", UUID.randomUUID(), "backup-failed", "critical",
                "Backup of " + db + ".user failed after 3 attempt(s): pg_dump exited with 1 (naïve ünïcode ✓)", at);
    }
}
