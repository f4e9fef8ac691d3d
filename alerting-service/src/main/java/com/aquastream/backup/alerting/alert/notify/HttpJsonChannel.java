package com.aquastream.backup.alerting.alert.notify;

import com.aquastream.backup.alerting.alert.Channel;
import com.aquastream.backup.alerting.alert.DeliveryException;
import com.aquastream.backup.alerting.alert.Notification;
import com.aquastream.backup.alerting.alert.Severity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A channel that POSTs one JSON document per notification and counts any 2xx answer as delivered. The URL may
 * hold a secret (Slack webhook path, Telegram bot token), so it never appears in an exception message.
 */
abstract class HttpJsonChannel implements Channel {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final Severity minSeverity;
    private final HttpClient http;
    private final Duration timeout;

    HttpJsonChannel(String name, Severity minSeverity, HttpClient http, Duration timeout) {
        this.name = name;
        this.minSeverity = minSeverity;
        this.http = http;
        this.timeout = timeout;
    }

    /** Where to POST. */
    abstract URI uri();

    /** The document, as a map of JSON members. */
    abstract Map<String, Object> body(Notification notification);

    @Override
    public String name() {
        return name;
    }

    @Override
    public Severity minSeverity() {
        return minSeverity;
    }

    @Override
    public void deliver(Notification notification) throws DeliveryException {
        HttpRequest request = HttpRequest.newBuilder(uri())
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(notification))))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryException(name + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(name + ": interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryException(name + ": HTTP " + response.statusCode());
        }
    }
}
