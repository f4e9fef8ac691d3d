package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.events.AlertEvent;
import com.aquastream.backup.events.AlertResolved;
import com.aquastream.backup.events.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The alerting use case: feeds events and the passing of time to the {@link RuleEngine}, stores its decisions with
 * the alert events and notifications they imply in one transaction, then publishes and delivers them.
 *
 * <p>Handling is idempotent by {@code eventId}: a redelivered event changes nothing and sends nothing.
 */
public final class Alerting {

    private final RuleEngine engine;
    private final AlertState state;
    private final AlertOutbox outbox;
    private final AlertEvents events;
    private final NotificationLog notifications;
    private final NotificationDispatcher dispatcher;
    private final Transactions transactions;
    private final Clock clock;
    private final Supplier<UUID> ids;

    public Alerting(RuleEngine engine, AlertState state, AlertOutbox outbox, AlertEvents events,
                    NotificationLog notifications, NotificationDispatcher dispatcher, Transactions transactions,
                    Clock clock, Supplier<UUID> ids) {
        this.engine = engine;
        this.state = state;
        this.outbox = outbox;
        this.events = events;
        this.notifications = notifications;
        this.dispatcher = dispatcher;
        this.transactions = transactions;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Applies one consumed event.
     *
     * @throws com.aquastream.backup.core.naming.InvalidIdentifierException if the event names no plain database or
     *                                                                      schema (a poison message)
     */
    public void handle(Event event) {
        Identifiers.requireIdentifier("database", event.database());
        Identifiers.requireIdentifier("schema", event.schema());
        List<Notification> decided = transactions.inTransaction(() -> {
            Instant now = clock.instant();
            if (!state.markProcessed(event.eventId(), now)) {
                return List.of();
            }
            return record(engine.on(event, now));
        });
        deliver(decided);
    }

    /** Lets time pass: dead-man's switches, deadlines, reminders; then retries anything not yet sent. */
    public void evaluate() {
        List<Notification> decided = transactions.inTransaction(() -> record(engine.evaluate(clock.instant())));
        deliver(decided);
        dispatcher.resume();
    }

    /** Open alerts, for the HTTP endpoint and health details. */
    public List<Alert> openAlerts() {
        return transactions.inTransaction(state::openAlerts);
    }

    private List<Notification> record(List<AlertChange> changes) {
        List<Notification> decided = new ArrayList<>();
        for (AlertChange change : changes) {
            Alert alert = change.alert();
            Notification.Kind kind;
            String message = alert.message();
            if (change instanceof AlertChange.Raised) {
                outbox.add(alert.raised(ids.get(), change.at()));
                kind = Notification.Kind.RAISED;
            } else if (change instanceof AlertChange.Resolved resolved) {
                AlertResolved event = alert.resolved(ids.get(), change.at(), resolved.resolution());
                outbox.add(event);
                kind = Notification.Kind.RESOLVED;
                message = event.message();
            } else {
                // Reminders go to the channels only: on Kafka an alert is raised once and resolved once.
                kind = Notification.Kind.REMINDER;
            }
            for (String channel : dispatcher.channelsFor(alert.severity())) {
                decided.add(notifications.add(new Notification(0, channel, kind, alert.alertId(), alert.rule(),
                        alert.severity(), alert.target(), message, alert.firstSeenAt(), change.at(), 0)));
            }
        }
        return decided;
    }

    /** Channels first: they queue and return at once, so a broker that is down does not hold them back. */
    private void deliver(List<Notification> decided) {
        dispatcher.submit(decided);
        publishOutbox();
    }

    /**
     * Publishes stored alert events in order. Synchronized so the consumer and the evaluation timer never publish the
     * same event twice; a failure leaves the rest for the next call.
     */
    public synchronized void publishOutbox() {
        for (AlertEvent event : outbox.unpublished()) {
            events.publish(event);
            outbox.published(event.eventId());
        }
    }
}
