package com.aquastream.backup.alerting.alert;

/**
 * Somewhere people hear about alerts: a webhook, Slack, Telegram, e-mail. An implementation delivers one
 * notification synchronously (bounded by its own timeout) and throws {@link DeliveryException} if the other side did
 * not take it; retries are the dispatcher's job. Implementations never put secrets (tokens, passwords, webhook URLs)
 * into exception messages.
 */
public interface Channel {

    /** The configured name, e.g. {@code ops-slack}. */
    String name();

    /** The least severe alert this channel receives. */
    Severity minSeverity();

    void deliver(Notification notification) throws DeliveryException;
}
