package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.alerting.alert.actuator.AlertingHealth;
import com.aquastream.backup.alerting.alert.actuator.CountedAlertEvents;
import com.aquastream.backup.alerting.alert.jdbc.JdbcAlertState;
import com.aquastream.backup.alerting.alert.jdbc.JdbcNotificationLog;
import com.aquastream.backup.alerting.alert.kafka.AlertingEventHandlers;
import com.aquastream.backup.alerting.alert.notify.EmailChannel;
import com.aquastream.backup.alerting.alert.notify.SlackChannel;
import com.aquastream.backup.alerting.alert.notify.TelegramChannel;
import com.aquastream.backup.alerting.alert.notify.WebhookChannel;
import com.aquastream.backup.alerting.config.AlertingProperties;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.platform.JobConsumers;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.core.platform.PlatformTimer;
import com.aquastream.backup.core.platform.ScheduledTask;
import com.aquastream.backup.core.platform.ServiceTopics;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the alerting feature: the plain rule engine and use case, its PostgreSQL state, its channels, its Kafka
 * consumer on the platform's {@link JobConsumers}, its periodic work on the platform's timer, its health and metrics.
 * The {@link Clock} is the platform's (the system clock unless a test registers its own), and so are the outbox
 * ({@code backup.platform.outbox.table}) and its relay. It lives next to the use case so that the feature's classes
 * stay package-private; only the ports and what the adapters need are public.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertingProperties.class)
class AlertingConfiguration {

    /** The timer task that lets time pass for the rules; {@link AlertingHealth} watches it. */
    static final String EVALUATION_TASK = "alert-evaluation";

    /**
     * An arbitrary constant naming the alerting state's advisory lock ("alerts" in ASCII), the same key as before the
     * platform had a {@link Transactions} port, so instances of either version still exclude each other.
     */
    static final long LOCK_KEY = 0x616c65727473L;

    private static final Logger log = LoggerFactory.getLogger(AlertingConfiguration.class);

    @Bean
    JdbcAlertState alertState(JdbcClient jdbc) {
        return new JdbcAlertState(jdbc);
    }

    @Bean
    JdbcNotificationLog notificationLog(JdbcClient jdbc) {
        return new JdbcNotificationLog(jdbc);
    }

    /**
     * The platform's unit of work, holding one transaction-scoped advisory lock, so decisions about alerts are made
     * one at a time: by the consumer threads and the evaluation timer of this instance, and by any other instance. The
     * volume is a few events per schema and day, so serializing costs nothing and rules out two open alerts for one
     * (rule, target) decided concurrently. It replaces the platform's plain bean, and the outbox's writes join its
     * transaction (one {@link PlatformTransactionManager} over the service's one data source), so the alert events
     * commit with the decisions.
     */
    @Bean
    Transactions alertTransactions(PlatformTransactionManager transactionManager, JdbcClient jdbc) {
        return Transactions.serializedBy(new TransactionTemplate(transactionManager), jdbc, LOCK_KEY);
    }

    @Bean(destroyMethod = "close")
    NotificationDispatcher notificationDispatcher(AlertingProperties props, JdbcNotificationLog notifications,
                                                  Clock clock, MeterRegistry meters) {
        AlertingProperties.Delivery delivery = props.delivery();
        DeliveryPolicy policy = new DeliveryPolicy(delivery.maxAttempts(), delivery.initialBackoff(),
                delivery.multiplier(), delivery.maxBackoff());
        List<Channel> channels = channels(props);
        log.info("notification channels: {}", channels.stream().map(c -> c.name() + " (" + c.getClass().getSimpleName()
                + ", min " + c.minSeverity().wire() + ")").toList());
        Gauge.builder("alerting_notifications_pending", () -> notifications.count("PENDING"))
                .description("Notifications stored and not yet delivered").register(meters);
        return new NotificationDispatcher(channels, notifications, policy, clock, (channel, delivered, givenUp) ->
                Counter.builder("alerting_notifications_total").tag("channel", channel)
                        .tag("outcome", delivered ? "delivered" : givenUp ? "given_up" : "failed")
                        .description("Notification delivery attempts by outcome").register(meters).increment());
    }

    /** {@code outbox}: the platform's, in table {@code outbox} of the service's database (V2 migration). */
    @Bean
    Alerting alerting(AlertingProperties props, JdbcAlertState state, JdbcNotificationLog notifications,
                      NotificationDispatcher dispatcher, Transactions transactions, Outbox outbox,
                      JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        RuleEngine engine = new RuleEngine(settings(props), new MonitoredTargets(monitored(props)), state,
                UUID::randomUUID);
        Gauge.builder("alerting_open_alerts", () -> jdbc.sql("select count(*) from alert where resolved_at is null")
                .query(Long.class).single()).description("Alerts raised and not resolved").register(meters);
        return new Alerting(engine, state, new CountedAlertEvents(outbox, meters), notifications, dispatcher,
                transactions, clock, UUID::randomUUID);
    }

    /** The topics the service creates when missing: those it writes, those it reads, and their dead-letter topics. */
    @Bean
    ServiceTopics alertingTopics() {
        List<String> names = new ArrayList<>(List.of(Topics.ALERT_RAISED, Topics.ALERT_RESOLVED));
        names.addAll(AlertingEventHandlers.CONSUMED);
        AlertingEventHandlers.CONSUMED.forEach(topic -> names.add(Topics.deadLetterOf(topic)));
        return new ServiceTopics(names);
    }

    /**
     * One consumer of every event stream the rules need, in the service's group
     * ({@code backup.platform.consumer.group}), with the platform's retry and dead-letter policy: each partition's
     * records still run one at a time and in order, and the decisions are serialized anyway (one advisory lock), so
     * more consumers would add connections, not throughput.
     */
    @Bean
    JobConsumer alertingEventConsumer(JobConsumers consumers, Alerting alerting, AlertingProperties props) {
        return consumers.consume(AlertingEventHandlers.of(alerting), props.concurrency());
    }

    /**
     * Lets time pass for the rules every {@code alerting.evaluation-interval}: the time-based rules and reminders,
     * notifications left undelivered (also those of a previous run, right after start), and the pruning of old
     * consumed event ids. A failure (database down) is logged by the timer and tried again on the next turn.
     */
    @Bean
    ScheduledTask alertEvaluationTask(Alerting alerting, JdbcAlertState state, AlertingProperties props,
                                      Clock clock) {
        return ScheduledTask.every(EVALUATION_TASK, props.evaluationInterval(), () -> {
            alerting.evaluate();
            state.pruneProcessed(clock.instant().minus(props.processedRetention()));
        });
    }

    /**
     * Puts failed notifications whose backoff has passed back on their channel's queue; as often as the shortest
     * backoff, at most every second.
     */
    @Bean
    ScheduledTask notificationRetryTask(NotificationDispatcher dispatcher, AlertingProperties props) {
        Duration shortest = props.delivery().initialBackoff();
        Duration every = shortest.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1)
                : shortest.compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : shortest;
        return ScheduledTask.every("notification-retry", every, dispatcher::retryDue);
    }

    /** Component {@code alerting} of {@code /actuator/health}. */
    @Bean
    AlertingHealth alertingHealthIndicator(ObjectProvider<JobConsumer> consumers, PlatformTimer timer,
                                           AlertingProperties props, Clock clock) {
        return new AlertingHealth(consumers, timer, EVALUATION_TASK, props.evaluationInterval(), clock);
    }

    static AlertSettings settings(AlertingProperties props) {
        AlertingProperties.Rules rules = props.rules();
        Map<AlertRule, Severity> severities = new EnumMap<>(AlertRule.class);
        if (rules.severities() != null) {
            rules.severities().forEach((rule, severity) -> severities.put(AlertRule.fromWire(rule),
                    Severity.parse(severity)));
        }
        return new AlertSettings(rules.backupMissingAfter(), rules.schedulerSilentAfter(), rules.sizeDropRatio(),
                rules.requestDeadline(), rules.replicationDeadline(),
                rules.walLagAfter() == null ? Duration.ofMinutes(5) : rules.walLagAfter(),
                rules.walStatusMissingAfter() == null ? Duration.ofMinutes(5) : rules.walStatusMissingAfter(),
                props.reminderInterval(), severities);
    }

    /** Databases configured with an empty list are not watched at all (how a test or an operator switches one off). */
    static Map<String, List<String>> monitored(AlertingProperties props) {
        Map<String, List<String>> monitored = new java.util.LinkedHashMap<>();
        (props.targets() == null ? Map.<String, List<String>>of() : props.targets()).forEach((database, schemas) -> {
            List<String> named = schemas == null ? List.of()
                    : schemas.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (!named.isEmpty()) {
                monitored.put(database, named);
            }
        });
        return monitored;
    }

    static List<Channel> channels(AlertingProperties props) {
        List<Channel> channels = new ArrayList<>();
        AlertingProperties.Delivery delivery = props.delivery();
        HttpClient http = HttpClient.newBuilder().connectTimeout(delivery.timeout()).build();
        (props.channels() == null ? Map.<String, AlertingProperties.ChannelProperties>of() : props.channels())
                .forEach((name, c) -> {
                    if (Boolean.FALSE.equals(c.enabled())) {
                        return;
                    }
                    Severity min = c.minSeverity() == null ? Severity.WARNING : Severity.parse(c.minSeverity());
                    String type = c.type() == null ? "" : c.type().toLowerCase(Locale.ROOT);
                    channels.add(switch (type) {
                        case "webhook" -> new WebhookChannel(name, min, require(name, "url", c.url()), http,
                                delivery.timeout());
                        case "slack" -> new SlackChannel(name, min, require(name, "url", c.url()), http,
                                delivery.timeout());
                        case "telegram" -> new TelegramChannel(name, min,
                                c.baseUrl() == null ? java.net.URI.create("https://api.telegram.org") : c.baseUrl(),
                                require(name, "token", c.token()), require(name, "chat-id", c.chatId()), http,
                                delivery.timeout());
                        case "email" -> new EmailChannel(name, min, mailSender(name, c, delivery),
                                require(name, "from", c.from()), require(name, "to", c.to()));
                        default -> throw new IllegalArgumentException("alerting.channels." + name
                                + ".type must be webhook, slack, telegram or email");
                    });
                });
        return channels;
    }

    private static JavaMailSenderImpl mailSender(String name, AlertingProperties.ChannelProperties c,
                                                 AlertingProperties.Delivery delivery) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(require(name, "smtp-host", c.smtpHost()));
        sender.setPort(c.smtpPort() == null ? 25 : c.smtpPort());
        sender.setUsername(c.username());
        sender.setPassword(c.password());
        Properties mail = new Properties();
        String timeout = String.valueOf(delivery.timeout().toMillis());
        mail.put("mail.smtp.connectiontimeout", timeout);
        mail.put("mail.smtp.timeout", timeout);
        mail.put("mail.smtp.writetimeout", timeout);
        mail.put("mail.smtp.auth", String.valueOf(c.username() != null));
        mail.put("mail.smtp.starttls.enable", String.valueOf(Boolean.TRUE.equals(c.starttls())));
        sender.setJavaMailProperties(mail);
        return sender;
    }

    private static <T> T require(String channel, String property, T value) {
        if (value == null || (value instanceof String s && s.isBlank())
                || (value instanceof List<?> l && l.isEmpty())) {
            throw new IllegalArgumentException("alerting.channels." + channel + "." + property + " is required");
        }
        return value;
    }
}
