package com.aquastream.backup.alerting.alert;

import java.time.Instant;
import java.util.UUID;

/**
 * One message about one alert for one channel, as stored before delivery: a snapshot, so a retry after a restart
 * sends the same text.
 *
 * @param id       the stored notification's id
 * @param kind     raised, reminder or resolved
 * @param message  for a resolved alert, what cleared it and what it was
 * @param at       when the change happened (the service's clock)
 * @param attempts delivery attempts so far
 */
public record Notification(
        long id,
        String channel,
        Kind kind,
        UUID alertId,
        AlertRule rule,
        Severity severity,
        Target target,
        String message,
        Instant firstSeenAt,
        Instant at,
        int attempts) {

    /** Why the channel hears about the alert. */
    public enum Kind {
        RAISED, REMINDER, RESOLVED
    }

    Notification withAttempts(int attempts) {
        return new Notification(id, channel, kind, alertId, rule, severity, target, message, firstSeenAt, at,
                attempts);
    }

    /** One line for chat channels: {@code [CRITICAL] backup-missing aquastream.user: No completed backup ...}. */
    public String text() {
        String prefix = switch (kind) {
            case RAISED -> "[" + severity.name() + "] ";
            case REMINDER -> "[" + severity.name() + ", still open] ";
            case RESOLVED -> "[RESOLVED] ";
        };
        return prefix + rule.wire() + " " + target + ": " + message;
    }
}
