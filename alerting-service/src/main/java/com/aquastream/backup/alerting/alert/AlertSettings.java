package com.aquastream.backup.alerting.alert;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thresholds of the rules (the manual: 25 h without a backup, size below 10 % of the previous one) and how often an
 * open alert is repeated to the channels.
 *
 * @param backupMissingAfter   a configured schema without a completed backup for longer than this is alerted
 * @param schedulerSilentAfter a configured database without any backup request for longer than this is alerted
 * @param sizeDropRatio        a backup smaller than this fraction of the previous one is alerted (0.10)
 * @param requestDeadline      a request without completed/failed answer after this long is alerted
 * @param replicationDeadline  a weekly/monthly object not replicated after this long is alerted
 * @param walLagAfter          a cluster whose WAL archive is further behind its server than this is alerted
 * @param walStatusMissingAfter a cluster without {@code wal.status} for longer than this is alerted
 * @param reminderInterval     an open alert is sent to the channels again after this long
 * @param severities           per-rule overrides of {@link AlertRule#defaultSeverity()}
 */
record AlertSettings(
        Duration backupMissingAfter,
        Duration schedulerSilentAfter,
        double sizeDropRatio,
        Duration requestDeadline,
        Duration replicationDeadline,
        Duration walLagAfter,
        Duration walStatusMissingAfter,
        Duration reminderInterval,
        Map<AlertRule, Severity> severities) {

    AlertSettings {
        Objects.requireNonNull(backupMissingAfter, "backupMissingAfter");
        Objects.requireNonNull(schedulerSilentAfter, "schedulerSilentAfter");
        Objects.requireNonNull(requestDeadline, "requestDeadline");
        Objects.requireNonNull(replicationDeadline, "replicationDeadline");
        Objects.requireNonNull(walLagAfter, "walLagAfter");
        Objects.requireNonNull(walStatusMissingAfter, "walStatusMissingAfter");
        Objects.requireNonNull(reminderInterval, "reminderInterval");
        if (!(sizeDropRatio > 0 && sizeDropRatio < 1)) {
            throw new IllegalArgumentException("sizeDropRatio must be between 0 and 1, was " + sizeDropRatio);
        }
        severities = severities.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(severities));
    }

    /**
     * The manual's thresholds: 25 h, 10 %; requests answered within 2 h, replicas within 6 h; the WAL archive at most
     * 5 min behind, a heartbeat at least every 5 min; reminders daily.
     */
    static AlertSettings defaults() {
        return new AlertSettings(Duration.ofHours(25), Duration.ofHours(25), 0.10, Duration.ofHours(2),
                Duration.ofHours(6), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(24), Map.of());
    }

    Severity severityOf(AlertRule rule) {
        return severities.getOrDefault(rule, rule.defaultSeverity());
    }
}
