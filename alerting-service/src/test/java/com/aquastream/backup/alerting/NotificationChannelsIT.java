package com.aquastream.backup.alerting;

import static com.aquastream.backup.alerting.AlertingInstance.aDatabaseName;
import static com.aquastream.backup.alerting.AlertingInstance.publish;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedBackupOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.alerting.RecordingHttpServer.Received;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every channel delivers to a real local server: generic webhook, Slack and Telegram formats to an HTTP server, e-mail
 * to an SMTP server (GreenMail). A channel that answers 500 is retried with backoff, one whose port is closed is
 * given up after its attempts, and neither delays the others.
 */
class NotificationChannelsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOKEN = "123456:TEST-TOKEN";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String db = aDatabaseName();
    private TestDatabase database;
    private RecordingHttpServer server;
    private GreenMail smtp;

    @BeforeEach
    void setUp() {
        database = TestDatabases.create();
        server = new RecordingHttpServer();
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterEach
    void tearDown() {
        smtp.stop();
        server.close();
        database.close();
    }

    @Test
    void deliversToEveryChannelInItsFormatAndRetriesAFailingOneWithoutDelayingTheOthers() throws Exception {
        server.failFirst("/flaky", 2);
        Map<String, Object> settings = givenChannels(closedPort());

        try (AlertingInstance service = AlertingInstance.start(settings, Clock.systemUTC())) {
            publish(aFailedBackupOf(db, "user", UUID.randomUUID(), Clock.systemUTC().instant()));

            await().atMost(TIMEOUT).until(() -> server.received("/flaky").size() == 3
                    && server.received("/hook").size() == 1 && server.received("/slack").size() == 1
                    && server.received(telegramPath()).size() == 1 && smtp.getReceivedMessages().length == 1);
            await().atMost(TIMEOUT).until(() -> "GIVEN_UP".equals(status(service, "refused")));

            assertGenericWebhook(server.received("/hook").get(0));
            assertSlack(server.received("/slack").get(0));
            assertTelegram(server.received(telegramPath()).get(0));
            assertEmail(smtp.getReceivedMessages()[0]);
            assertFlakyWasRetriedWhileOthersWereServed();
            assertThat(service.jdbc().sql("select attempts, last_error from notification where channel = 'refused'")
                    .query((rs, n) -> rs.getInt(1) + " " + rs.getString(2)).single())
                    .isEqualTo("3 refused: ConnectException").doesNotContain("secret");
            assertThat(status(service, "flaky")).isEqualTo("DELIVERED");
        }
    }

    private Map<String, Object> givenChannels(int closedPort) {
        Map<String, Object> settings = AlertingInstance.defaults(database, "alerting-service-channels-" + database.name());
        settings.put("alerting.delivery.max-attempts", "3");
        settings.put("alerting.delivery.initial-backoff", "300ms");
        channel(settings, "hook", Map.of("type", "webhook", "url", server.url("/hook"), "min-severity", "info"));
        channel(settings, "slack", Map.of("type", "slack", "url", server.url("/slack")));
        channel(settings, "telegram", Map.of("type", "telegram", "base-url", server.baseUrl(), "token", TOKEN,
                "chat-id", "-100042"));
        channel(settings, "mail", Map.of("type", "email", "smtp-host", "127.0.0.1", "smtp-port",
                String.valueOf(smtp.getSmtp().getPort()), "from", "backup@test.local", "to", "oncall@test.local"));
        channel(settings, "flaky", Map.of("type", "webhook", "url", server.url("/flaky")));
        channel(settings, "refused", Map.of("type", "slack", "url",
                "http://127.0.0.1:" + closedPort + "/services/secret-path"));
        return settings;
    }

    private static void channel(Map<String, Object> settings, String name, Map<String, String> properties) {
        properties.forEach((key, value) -> settings.put("alerting.channels." + name + "." + key, value));
    }

    private void assertGenericWebhook(Received hook) {
        JsonNode body = JSON.readTree(hook.body());
        assertThat(body.get("kind").asString()).isEqualTo("raised");
        assertThat(body.get("rule").asString()).isEqualTo("backup-failed");
        assertThat(body.get("severity").asString()).isEqualTo("critical");
        assertThat(body.get("database").asString()).isEqualTo(db);
        assertThat(body.get("schema").asString()).isEqualTo("user");
        assertThat(body.get("alertId").asString()).isNotBlank();
        assertThat(body.get("message").asString()).contains("failed after 3 attempt(s)");
    }

    private void assertSlack(Received slack) {
        JsonNode body = JSON.readTree(slack.body());
        assertThat(body.propertyNames()).containsExactly("text");
        assertThat(body.get("text").asString()).startsWith("[CRITICAL] backup-failed " + db + ".user: ");
    }

    private void assertTelegram(Received telegram) {
        JsonNode body = JSON.readTree(telegram.body());
        assertThat(body.get("chat_id").asString()).isEqualTo("-100042");
        assertThat(body.get("text").asString()).startsWith("[CRITICAL] backup-failed " + db + ".user: ");
    }

    private void assertEmail(MimeMessage mail) throws Exception {
        assertThat(mail.getSubject()).startsWith("[CRITICAL] backup-failed " + db + ".user");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("oncall@test.local");
        assertThat(mail.getContent().toString()).contains("rule:          backup-failed");
    }

    /** The healthy channels got their message before the failing one was even retried once. */
    private void assertFlakyWasRetriedWhileOthersWereServed() {
        List<Received> flaky = server.received("/flaky");
        assertThat(flaky).extracting(Received::answeredWith).containsExactly(500, 500, 200);
        assertThat(Duration.between(flaky.get(0).at(), flaky.get(1).at())).isGreaterThanOrEqualTo(
                Duration.ofMillis(250));
        for (String path : List.of("/hook", "/slack", telegramPath())) {
            assertThat(server.received(path).get(0).at()).as(path).isBefore(flaky.get(1).at());
        }
    }

    private static String telegramPath() {
        return "/bot" + TOKEN + "/sendMessage";
    }

    private static String status(AlertingInstance service, String channel) {
        return service.jdbc().sql("select status from notification where channel = ?").param(channel)
                .query(String.class).optional().orElse(null);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
