package com.aquastream.backup.alerting.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link NotificationLog} in a map, for unit tests. */
final class InMemoryNotificationLog implements NotificationLog {

    /** A stored notification with its delivery state. */
    record Stored(Notification notification, String status, int attempts, String error) {
    }

    private final AtomicLong ids = new AtomicLong();
    final Map<Long, Stored> stored = new ConcurrentHashMap<>();

    @Override
    public Notification add(Notification n) {
        Notification withId = new Notification(ids.incrementAndGet(), n.channel(), n.kind(), n.alertId(), n.rule(),
                n.severity(), n.target(), n.message(), n.firstSeenAt(), n.at(), 0);
        stored.put(withId.id(), new Stored(withId, "PENDING", 0, null));
        return withId;
    }

    @Override
    public List<Notification> pending() {
        return stored.values().stream().filter(s -> s.status().equals("PENDING"))
                .map(s -> s.notification().withAttempts(s.attempts())).toList();
    }

    @Override
    public void delivered(long id, int attempts, Instant at) {
        stored.computeIfPresent(id, (k, s) -> new Stored(s.notification(), "DELIVERED", attempts, s.error()));
    }

    @Override
    public void failed(long id, int attempts, String error, boolean givenUp) {
        stored.computeIfPresent(id, (k, s) -> new Stored(s.notification(), givenUp ? "GIVEN_UP" : "PENDING", attempts,
                error));
    }

    String status(long id) {
        return stored.get(id).status();
    }
}
