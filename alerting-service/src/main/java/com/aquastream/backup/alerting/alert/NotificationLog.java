package com.aquastream.backup.alerting.alert;

import java.time.Instant;
import java.util.List;

/**
 * Every notification, from the moment it is decided until it is delivered or given up: what makes a restart resume
 * undelivered ones and never repeat delivered ones.
 */
public interface NotificationLog {

    /** Stores a pending notification (id is assigned) and returns it; runs inside the decision's transaction. */
    Notification add(Notification notification);

    /** Notifications neither delivered nor given up, oldest first. */
    List<Notification> pending();

    void delivered(long id, int attempts, Instant at);

    /** An attempt failed; {@code givenUp} ends the retries. {@code error} is safe to store (no secrets). */
    void failed(long id, int attempts, String error, boolean givenUp);
}
