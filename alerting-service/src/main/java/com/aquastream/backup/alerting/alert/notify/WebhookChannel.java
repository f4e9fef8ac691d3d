package com.aquastream.backup.alerting.alert.notify;

import com.aquastream.backup.alerting.alert.Notification;
import com.aquastream.backup.alerting.alert.Severity;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A generic JSON webhook: {@code kind} ({@code raised}, {@code reminder}, {@code resolved}), the alert's fields as in
 * {@code alert.raised}, {@code occurredAt}, and a ready-made one-line {@code text}.
 */
public final class WebhookChannel extends HttpJsonChannel {

    private final URI url;

    public WebhookChannel(String name, Severity minSeverity, URI url, HttpClient http, Duration timeout) {
        super(name, minSeverity, http, timeout);
        this.url = url;
    }

    @Override
    URI uri() {
        return url;
    }

    @Override
    Map<String, Object> body(Notification n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", n.kind().name().toLowerCase(Locale.ROOT));
        body.put("alertId", n.alertId().toString());
        body.put("rule", n.rule().wire());
        body.put("severity", n.severity().wire());
        body.put("database", n.target().database());
        body.put("schema", n.target().schema());
        body.put("message", n.message());
        body.put("firstSeenAt", n.firstSeenAt().toString());
        body.put("occurredAt", n.at().toString());
        body.put("text", n.text());
        return body;
    }
}
