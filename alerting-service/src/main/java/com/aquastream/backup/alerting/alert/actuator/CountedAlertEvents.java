package com.aquastream.backup.alerting.alert.actuator;

import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.events.AlertRaised;
import com.aquastream.backup.events.AlertResolved;
import com.aquastream.backup.events.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts the alert events the use case stores for publishing, {@code alerting_alerts_total{rule,severity,
 * state=raised|resolved}}, once their transaction commits (a rolled-back decision announces nothing, so it is not
 * counted). Not an outbox of its own: it only counts what goes into the platform's.
 */
public final class CountedAlertEvents implements Outbox {

    private final Outbox delegate;
    private final MeterRegistry meters;

    public CountedAlertEvents(Outbox delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    @Override
    public void enqueue(Event event) {
        delegate.enqueue(event);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count(event);
                }
            });
        } else {
            count(event);
        }
    }

    private void count(Event event) {
        String rule;
        String severity;
        if (event instanceof AlertRaised raised) {
            rule = raised.rule();
            severity = raised.severity();
        } else if (event instanceof AlertResolved resolved) {
            rule = resolved.rule();
            severity = resolved.severity();
        } else {
            return;
        }
        Counter.builder("alerting_alerts_total").tag("rule", rule).tag("severity", severity)
                .tag("state", event instanceof AlertRaised ? "raised" : "resolved")
                .description("Alert events stored for publishing (alert.raised / alert.resolved)").register(meters)
                .increment();
    }
}
