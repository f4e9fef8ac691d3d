package com.aquastream.backup.catalog.backups.jpa;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aquastream.backup.catalog.backups.Outbox;
import com.aquastream.backup.catalog.backups.PendingEvents;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The outbox table: events are written as the contract's JSON, so the relay sends exactly what was recorded. */
public class JpaOutbox implements Outbox, PendingEvents {

    private final OutboxRepository outbox;
    private final EventCodec codec = new EventCodec();
    private final Clock clock;

    JpaOutbox(OutboxRepository outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void enqueue(Event event) {
        OutboxEntity row = new OutboxEntity();
        row.topic = event.topic();
        row.messageKey = event.messageKey();
        row.eventId = event.eventId();
        row.eventType = event.type();
        row.payload = new String(codec.encode(event), UTF_8);
        row.createdAt = clock.instant();
        outbox.save(row);
    }

    @Override
    public List<Pending> claim(int max) {
        return outbox.claimPending(max).stream()
                .map(row -> new Pending(row.id, codec.decode(row.payload.getBytes(UTF_8), row.eventType)))
                .toList();
    }

    @Override
    public void markPublished(List<Long> ids, Instant at) {
        outbox.markPublished(ids, at);
    }

    @Override
    public int purgePublishedBefore(Instant before) {
        return outbox.deletePublishedBefore(before);
    }

    @Override
    public Backlog backlog() {
        return new Backlog(outbox.countPending(), outbox.oldestPending());
    }
}
