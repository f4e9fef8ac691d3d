package com.aquastream.backup.alerting.alert;

import static com.aquastream.backup.alerting.alert.AlertingFixtures.aCompletedBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedBackupOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.alerting.MutableClock;
import com.aquastream.backup.core.naming.InvalidIdentifierException;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.events.AlertEvent;
import com.aquastream.backup.events.AlertRaised;
import com.aquastream.backup.events.AlertResolved;
import com.aquastream.backup.events.BackupFailed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertingTest {

    private static final Instant T0 = Instant.parse("2025-08-18T02:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryAlertState state = new InMemoryAlertState();
    private final InMemoryNotificationLog notifications = new InMemoryNotificationLog();
    /** What the use case stored in the outbox, in order: what the platform's relay publishes on Kafka. */
    private final List<AlertEvent> onKafka = new ArrayList<>();
    private final NotificationDispatcher dispatcher = new NotificationDispatcher(List.of(), notifications,
            new DeliveryPolicy(1, Duration.ofMillis(1), 1, Duration.ofMillis(1)), clock, (c, d, g) -> { });
    private final Alerting alerting = new Alerting(
            new RuleEngine(AlertSettings.defaults(), new MonitoredTargets(Map.of()), state, UUID::randomUUID),
            state, event -> onKafka.add((AlertEvent) event), notifications, dispatcher, new DirectTransactions(),
            clock, UUID::randomUUID);

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    @Test
    void publishesAlertRaisedOnceForARedeliveredEvent() {
        BackupFailed failure = aFailedBackupOf("aquastream", "user", UUID.randomUUID(), T0);
        alerting.handle(failure);

        alerting.handle(failure);

        assertThat(onKafka).singleElement().isInstanceOf(AlertRaised.class);
    }

    @Test
    void publishesAlertResolvedWithTheRaisedAlertsIdAndFirstSeenTime() {
        alerting.handle(aFailedBackupOf("aquastream", "user", UUID.randomUUID(), T0));
        clock.advance(Duration.ofHours(1));

        alerting.handle(aCompletedBackupOf("aquastream", "user", UUID.randomUUID(), 100, clock.instant()));

        AlertRaised raised = (AlertRaised) onKafka.get(0);
        AlertResolved resolved = (AlertResolved) onKafka.get(1);
        assertThat(resolved.alertId()).isEqualTo(raised.alertId());
        assertThat(resolved.firstSeenAt()).isEqualTo(T0);
        assertThat(resolved.occurredAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(resolved.messageKey()).isEqualTo("aquastream.user");
    }

    @Test
    void refusesAnEventNamingNoPlainSchema() {
        BackupFailed hostile = aFailedBackupOf("aquastream", "user; drop table alert", UUID.randomUUID(), T0);

        assertThatThrownBy(() -> alerting.handle(hostile)).isInstanceOf(InvalidIdentifierException.class);

        assertThat(onKafka).isEmpty();
    }

    /** No database: the work runs as it is. */
    private static final class DirectTransactions implements Transactions {

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }
    }
}
