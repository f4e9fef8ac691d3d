package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.events.AlertResolved;
import com.aquastream.backup.events.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The alerting use case: feeds events and the passing of time to the {@link RuleEngine}, stores its decisions with
 * the alert events and notifications they imply in one transaction, then delivers the notifications. The alert events
 * go into the platform's {@link Outbox} in that transaction; its relay publishes them on Kafka afterwards, so a crash
 * between the decision and the publish delays an alert but never loses it.
 *
 * <p>Handling is idempotent by {@code eventId}: a redelivered event changes nothing and sends nothing.
 */
public final class Alerting {

    private final RuleEngine engine;
    private final AlertState state;
    private final Outbox outbox;
    private final NotificationLog notifications;
    private final NotificationDispatcher dispatcher;
    private final Transactions transactions;
    private final Clock clock;
    private final Supplier<UUID> ids;

    Alerting(RuleEngine engine, AlertState state, Outbox outbox, NotificationLog notifications,
             NotificationDispatcher dispatcher, Transactions transactions, Clock clock, Supplier<UUID> ids) {
        this.engine = engine;
        this.state = state;
        this.outbox = outbox;
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
            Instant now = now();
            if (!state.markProcessed(event.eventId(), now)) {
                return List.of();
            }
            return record(engine.on(event, now));
        });
        deliver(decided);
    }

    /** Lets time pass: dead-man's switches, deadlines, reminders; then queues again anything not yet delivered. */
    void evaluate() {
        List<Notification> decided = transactions.inTransaction(() -> record(engine.evaluate(now())));
        deliver(decided);
        dispatcher.resume();
    }

    /** Open alerts, for the HTTP endpoint and health details. */
    public List<Alert> openAlerts() {
        return transactions.inTransaction(state::openAlerts);
    }

    /**
     * The service's time, to the microsecond: what PostgreSQL stores. An alert's {@code firstSeenAt} in
     * {@code alert.raised} (from memory) and in {@code alert.resolved} (read back) must be the same instant, and the
     * system clock has nanoseconds.
     */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private List<Notification> record(List<AlertChange> changes) {
        List<Notification> decided = new ArrayList<>();
        for (AlertChange change : changes) {
            Alert alert = change.alert();
            Notification.Kind kind;
            String message = alert.message();
            if (change instanceof AlertChange.Raised) {
                outbox.enqueue(alert.raised(ids.get(), change.at()));
                kind = Notification.Kind.RAISED;
            } else if (change instanceof AlertChange.Resolved resolved) {
                AlertResolved event = alert.resolved(ids.get(), change.at(), resolved.resolution());
                outbox.enqueue(event);
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

    /** Queues the stored notifications on their channels; returns at once (each channel has its own thread). */
    private void deliver(List<Notification> decided) {
        dispatcher.submit(decided);
    }
}
