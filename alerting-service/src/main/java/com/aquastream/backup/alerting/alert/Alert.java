package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.events.AlertRaised;
import com.aquastream.backup.events.AlertResolved;
import java.time.Instant;
import java.util.UUID;

/**
 * An open alert: one rule's condition holds for one target. There is at most one per (rule, target) until it
 * resolves; a new occurrence after that is a new alert with a new id.
 *
 * @param firstSeenAt    when the service first saw the condition
 * @param lastNotifiedAt when the channels were last told (raise or reminder); drives the reminder interval
 */
public record Alert(
        UUID alertId,
        AlertRule rule,
        Target target,
        Severity severity,
        String message,
        Instant firstSeenAt,
        Instant lastNotifiedAt) {

    Alert notifiedAt(Instant at) {
        return new Alert(alertId, rule, target, severity, message, firstSeenAt, at);
    }

    AlertRaised raised(UUID eventId, Instant at) {
        return new AlertRaised(eventId, at, target.database(), target.schema(), alertId, rule.wire(), severity.wire(),
                message, firstSeenAt);
    }

    AlertResolved resolved(UUID eventId, Instant at, String resolution) {
        return new AlertResolved(eventId, at, target.database(), target.schema(), alertId, rule.wire(),
                severity.wire(), "Resolved: " + resolution + " (was: " + message + ")", firstSeenAt);
    }
}
