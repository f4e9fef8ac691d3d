package com.aquastream.backup.alerting.alert.notify;

import com.aquastream.backup.alerting.alert.Notification;
import com.aquastream.backup.alerting.alert.Severity;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/** A Slack incoming webhook: {@code {"text": "..."}}. The webhook URL is the secret. */
public final class SlackChannel extends HttpJsonChannel {

    private final URI webhookUrl;

    public SlackChannel(String name, Severity minSeverity, URI webhookUrl, HttpClient http, Duration timeout) {
        super(name, minSeverity, http, timeout);
        this.webhookUrl = webhookUrl;
    }

    @Override
    URI uri() {
        return webhookUrl;
    }

    @Override
    Map<String, Object> body(Notification n) {
        return Map.of("text", n.text());
    }
}
