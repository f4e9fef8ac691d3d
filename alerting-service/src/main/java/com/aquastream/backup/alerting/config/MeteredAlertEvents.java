package com.aquastream.backup.alerting.config;

import com.aquastream.backup.alerting.alert.AlertEvents;
import com.aquastream.backup.events.AlertEvent;
import com.aquastream.backup.events.AlertRaised;
import com.aquastream.backup.events.AlertResolved;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts published alert events: {@code alerting_alerts_total{rule,severity,state=raised|resolved}}. */
final class MeteredAlertEvents implements AlertEvents {

    private final AlertEvents delegate;
    private final MeterRegistry meters;

    MeteredAlertEvents(AlertEvents delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    @Override
    public void publish(AlertEvent event) {
        delegate.publish(event);
        String rule = event instanceof AlertRaised r ? r.rule() : ((AlertResolved) event).rule();
        String severity = event instanceof AlertRaised r ? r.severity() : ((AlertResolved) event).severity();
        Counter.builder("alerting_alerts_total").tag("rule", rule).tag("severity", severity)
                .tag("state", event instanceof AlertRaised ? "raised" : "resolved")
                .description("Alert events published").register(meters).increment();
    }
}
