package com.aquastream.backup.alerting.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code alerting.*} settings (defaults in application.yml). Read by the alert feature's wiring and by the service's
 * database set-up ({@code create-database}), so it lives here, the one cross-feature package. Turned into plain
 * settings objects ({@code AlertSettings}, {@code MonitoredTargets}, {@code DeliveryPolicy}) in
 * {@code alert.AlertingConfiguration} before they reach the core.
 *
 * @param targets            database → schemas that must have a fresh backup (the dead-man's switch)
 * @param evaluationInterval how often time-based rules and reminders are checked
 * @param processedRetention how long consumed event ids are kept for de-duplication
 * @param channels           name → channel; none by default (Kafka only)
 * @param concurrency        events handled at once (of different partitions; default 1); the consumer itself, its
 *                           group, retries and dead letters are the platform's ({@code backup.platform.consumer.*})
 * @param createDatabase     create the service's own database on start when it does not exist
 */
@ConfigurationProperties("alerting")
public record AlertingProperties(
        Map<String, List<String>> targets,
        Rules rules,
        Duration reminderInterval,
        Duration evaluationInterval,
        Duration processedRetention,
        Delivery delivery,
        Map<String, ChannelProperties> channels,
        int concurrency,
        boolean createDatabase) {

    public AlertingProperties {
        concurrency = concurrency < 1 ? 1 : concurrency;
    }

    /**
     * Thresholds; {@code severities} overrides a rule's default severity, by rule name. {@code walLagAfter}: a
     * cluster's WAL archive further behind than this is alerted; {@code walStatusMissingAfter}: a cluster without a
     * {@code wal.status} for longer than this is alerted (both default 5 min).
     */
    public record Rules(Duration backupMissingAfter, Duration schedulerSilentAfter, double sizeDropRatio,
                        Duration requestDeadline, Duration replicationDeadline, Duration walLagAfter,
                        Duration walStatusMissingAfter, Map<String, String> severities) {
    }

    /** Retries of a channel that is down, and the timeout of one HTTP delivery. */
    public record Delivery(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                           Duration timeout) {
    }

    /**
     * One notification channel. {@code type}: {@code webhook} ({@code url}), {@code slack} ({@code url}: the incoming
     * webhook), {@code telegram} ({@code base-url}, {@code token}, {@code chat-id}) or {@code email} ({@code smtp-host},
     * {@code smtp-port}, {@code username}, {@code password}, {@code starttls}, {@code from}, {@code to}).
     * {@code minSeverity}: {@code info}, {@code warning} (default) or {@code critical}.
     */
    public record ChannelProperties(String type, Boolean enabled, String minSeverity, URI url, URI baseUrl,
                                    String token, String chatId, String smtpHost, Integer smtpPort, String username,
                                    String password, Boolean starttls, String from, List<String> to) {

        /** Without url, token and password: those are secrets (a Slack webhook URL is one). */
        @Override
        public String toString() {
            return "Channel[type=" + type + ", minSeverity=" + minSeverity + ", smtpHost=" + smtpHost + ", to=" + to
                    + "]";
        }
    }
}
