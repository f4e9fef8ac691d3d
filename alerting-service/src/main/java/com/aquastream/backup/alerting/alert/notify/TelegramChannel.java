package com.aquastream.backup.alerting.alert.notify;

import com.aquastream.backup.alerting.alert.Notification;
import com.aquastream.backup.alerting.alert.Severity;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Telegram Bot API: {@code POST {baseUrl}/bot{token}/sendMessage} with {@code chat_id} and {@code text} (plain
 * text, no parse mode, so nothing in a message is interpreted as markup). The token is the secret.
 */
public final class TelegramChannel extends HttpJsonChannel {

    private final URI sendMessage;
    private final String chatId;

    public TelegramChannel(String name, Severity minSeverity, URI baseUrl, String token, String chatId,
                           HttpClient http, Duration timeout) {
        super(name, minSeverity, http, timeout);
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.sendMessage = URI.create(base + "/bot" + token + "/sendMessage");
        this.chatId = chatId;
    }

    @Override
    URI uri() {
        return sendMessage;
    }

    @Override
    Map<String, Object> body(Notification n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", chatId);
        body.put("text", n.text());
        body.put("disable_web_page_preview", true);
        return body;
    }
}
