package com.aquastream.backup.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotificationDispatcherTest {

    private static final DeliveryPolicy FAST_RETRIES = new DeliveryPolicy(4, Duration.ofMillis(10), 2,
            Duration.ofMillis(50));

    private final InMemoryNotificationLog log = new InMemoryNotificationLog();
    private final CountDownLatch release = new CountDownLatch(1);
    private NotificationDispatcher dispatcher;

    @AfterEach
    void stop() {
        release.countDown();
        dispatcher.close();
    }

    @Test
    void retriesAFailingChannelWithBackoffUntilItAcceptsTheNotification() {
        RecordingChannel flaky = new RecordingChannel("flaky", Severity.INFO, 2);
        givenChannels(flaky);

        Notification sent = whenSubmitted("flaky");

        await().atMost(Duration.ofSeconds(5)).until(() -> retriedAndIs(sent, "DELIVERED"));
        assertThat(flaky.attempts.get()).isEqualTo(3);
        assertThat(log.stored.get(sent.id()).attempts()).isEqualTo(3);
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        RecordingChannel down = new RecordingChannel("down", Severity.INFO, Integer.MAX_VALUE);
        givenChannels(down);

        Notification sent = whenSubmitted("down");

        await().atMost(Duration.ofSeconds(5)).until(() -> retriedAndIs(sent, "GIVEN_UP"));
        assertThat(down.attempts.get()).isEqualTo(4);
        assertThat(log.stored.get(sent.id()).error()).isEqualTo("down: HTTP 500");
    }

    @Test
    void deliversToHealthyChannelsWhileAnotherChannelHangs() {
        Channel hanging = new Channel() {
            public String name() {
                return "hanging";
            }

            public Severity minSeverity() {
                return Severity.INFO;
            }

            public void deliver(Notification n) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        RecordingChannel healthy = new RecordingChannel("healthy", Severity.INFO, 0);
        givenChannels(hanging, healthy);

        whenSubmitted("hanging");
        Notification second = whenSubmitted("healthy");

        await().atMost(Duration.ofSeconds(5)).until(() -> log.status(second.id()).equals("DELIVERED"));
        assertThat(healthy.received).hasSize(1);
    }

    @Test
    void routesAlertsToTheChannelsWhoseMinimumSeverityTheyReach() {
        givenChannels(new RecordingChannel("everything", Severity.INFO, 0),
                new RecordingChannel("pager", Severity.CRITICAL, 0));

        List<String> forWarning = dispatcher.channelsFor(Severity.WARNING);

        assertThat(forWarning).containsExactly("everything");
        assertThat(dispatcher.channelsFor(Severity.CRITICAL)).containsExactly("everything", "pager");
    }

    @Test
    void resumesOnlyNotificationsNotYetDelivered() {
        RecordingChannel channel = new RecordingChannel("chat", Severity.INFO, 0);
        givenChannels(channel);
        Notification delivered = log.add(aNotificationFor("chat"));
        log.delivered(delivered.id(), 1, Instant.now());
        Notification pending = log.add(aNotificationFor("chat"));

        dispatcher.resume();

        await().atMost(Duration.ofSeconds(5)).until(() -> log.status(pending.id()).equals("DELIVERED"));
        assertThat(channel.received).extracting(Notification::id).containsExactly(pending.id());
    }

    /** The timer's turn ({@code notification-retry}): queues the retries that are due, then looks at the outcome. */
    private boolean retriedAndIs(Notification notification, String status) {
        dispatcher.retryDue();
        return log.status(notification.id()).equals(status);
    }

    private void givenChannels(Channel... channels) {
        dispatcher = new NotificationDispatcher(List.of(channels), log, FAST_RETRIES, Clock.systemUTC(),
                (channel, delivered, givenUp) -> { });
    }

    private Notification whenSubmitted(String channel) {
        Notification stored = log.add(aNotificationFor(channel));
        dispatcher.submit(List.of(stored));
        return stored;
    }

    private static Notification aNotificationFor(String channel) {
        return new Notification(0, channel, Notification.Kind.RAISED, UUID.randomUUID(), AlertRule.BACKUP_FAILED,
                Severity.CRITICAL, new Target("aquastream", "user"), "Backup of aquastream.user failed",
                Instant.parse("2025-08-18T02:00:00Z"), Instant.parse("2025-08-18T02:00:00Z"), 0);
    }

    /** Fails its first {@code failures} attempts with "HTTP 500", then records what it receives. */
    private static final class RecordingChannel implements Channel {

        final List<Notification> received = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        private final String name;
        private final Severity minSeverity;
        private final int failures;

        RecordingChannel(String name, Severity minSeverity, int failures) {
            this.name = name;
            this.minSeverity = minSeverity;
            this.failures = failures;
        }

        public String name() {
            return name;
        }

        public Severity minSeverity() {
            return minSeverity;
        }

        public void deliver(Notification n) throws DeliveryException {
            if (attempts.incrementAndGet() <= failures) {
                throw new DeliveryException(name + ": HTTP 500");
            }
            received.add(n);
        }
    }
}
