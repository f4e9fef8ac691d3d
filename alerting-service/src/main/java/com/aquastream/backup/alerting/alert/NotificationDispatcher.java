package com.aquastream.backup.alerting.alert;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers stored notifications to their channels. Each channel has its own single thread and queue, so a channel
 * that is down or slow delays only its own notifications: never the other channels, never the Kafka consumer that
 * decided them. Failed attempts are retried with exponential backoff ({@link DeliveryPolicy}): a failed notification
 * waits here until its backoff has passed, and {@link #retryDue()}, run periodically by the service's one timer, puts
 * it back on its channel's queue. Every outcome is written to the {@link NotificationLog}, so a restart resumes exactly
 * the undelivered ones.
 */
final class NotificationDispatcher implements AutoCloseable {

    /** Outcome of one delivery attempt, for metrics. */
    interface Listener {
        void attempted(String channel, boolean delivered, boolean givenUp);
    }

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, ExecutorService> executors = new LinkedHashMap<>();
    private final NotificationLog notifications;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final Listener listener;
    /** Ids queued or in delivery, so a resume after a submit never delivers the same notification twice. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Failed notifications waiting for their backoff to pass, by id (they stay in {@link #inFlight} meanwhile). */
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();

    /**
     * A notification to try again once {@code dueNanos} ({@link System#nanoTime()}) has passed. The backoff is real
     * elapsed time, not the service's clock: it waits for the outside world (a channel that is down) to recover.
     */
    private record Waiting(Notification notification, long dueNanos) {
    }

    NotificationDispatcher(List<Channel> channels, NotificationLog notifications, DeliveryPolicy policy, Clock clock,
                           Listener listener) {
        this.notifications = notifications;
        this.policy = policy;
        this.clock = clock;
        this.listener = listener;
        for (Channel channel : channels) {
            this.channels.put(channel.name(), channel);
            this.executors.put(channel.name(), Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "notify-" + channel.name());
                thread.setDaemon(true);
                return thread;
            }));
        }
    }

    /** The channels an alert of this severity goes to. */
    List<String> channelsFor(Severity severity) {
        return channels.values().stream().filter(c -> severity.isAtLeast(c.minSeverity())).map(Channel::name).toList();
    }

    /** Queues stored notifications for delivery; returns at once. */
    void submit(Collection<Notification> pending) {
        for (Notification notification : pending) {
            ExecutorService executor = executors.get(notification.channel());
            if (executor == null) {
                // A channel removed from the configuration since the notification was stored.
                notifications.failed(notification.id(), notification.attempts(), "channel no longer configured", true);
            } else if (inFlight.add(notification.id())) {
                executor.execute(() -> attempt(notification));
            }
        }
    }

    /** Queues everything stored but not yet delivered, e.g. after a restart. */
    void resume() {
        submit(notifications.pending());
    }

    /**
     * Queues again the failed notifications whose backoff has passed; returns at once. Run periodically (task
     * {@code notification-retry}), more often than the shortest backoff.
     */
    void retryDue() {
        long now = System.nanoTime();
        for (Map.Entry<Long, Waiting> entry : waiting.entrySet()) {
            Waiting due = entry.getValue();
            if (now - due.dueNanos() >= 0 && waiting.remove(entry.getKey(), due)) {
                ExecutorService executor = executors.get(due.notification().channel());
                executor.execute(() -> attempt(due.notification()));
            }
        }
    }

    private void attempt(Notification notification) {
        try {
            deliver(notification);
        } catch (RuntimeException e) {
            // The log itself failed (database down). Forget the notification here; it is still pending in the log,
            // and the next resume() queues it again.
            inFlight.remove(notification.id());
            log.warn("could not record the outcome of notification {}: {}", notification.id(), e.toString());
        }
    }

    private void deliver(Notification notification) {
        Channel channel = channels.get(notification.channel());
        int attempts = notification.attempts() + 1;
        try {
            channel.deliver(notification);
            notifications.delivered(notification.id(), attempts, clock.instant());
            inFlight.remove(notification.id());
            listener.attempted(channel.name(), true, false);
        } catch (Exception e) {
            // DeliveryException messages are written to be safe; anything else is shown by its type only, since an
            // HTTP client's message may contain the URL, which for Slack and Telegram holds the secret.
            String error = e instanceof DeliveryException ? e.getMessage() : e.getClass().getSimpleName();
            boolean givenUp = attempts >= policy.maxAttempts();
            notifications.failed(notification.id(), attempts, error, givenUp);
            listener.attempted(channel.name(), false, givenUp);
            if (givenUp) {
                inFlight.remove(notification.id());
                log.error("giving up notification {} ({} {}) on channel {} after {} attempts: {}", notification.id(),
                        notification.rule().wire(), notification.target(), channel.name(), attempts, error);
            } else {
                long delay = policy.backoffAfter(attempts).toMillis();
                log.warn("notification {} on channel {} failed (attempt {}), retrying in {} ms: {}",
                        notification.id(), channel.name(), attempts, delay, error);
                waiting.put(notification.id(), new Waiting(notification.withAttempts(attempts),
                        System.nanoTime() + delay * 1_000_000));
            }
        }
    }

    @Override
    public void close() {
        executors.values().forEach(ExecutorService::shutdownNow);
        waiting.clear();
    }
}
