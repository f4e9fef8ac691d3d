package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.events.Event;
import java.time.Instant;
import java.util.List;

/** The relay's view of the outbox: claim the oldest unpublished events, then mark them published. */
public interface PendingEvents {

    /**
     * Up to {@code max} unpublished events, oldest first, locked for the current transaction; events another relay
     * holds are skipped, so several instances relay side by side without sending a row twice (normally).
     */
    List<Pending> claim(int max);

    void markPublished(List<Long> ids, Instant at);

    /** Deletes rows published before {@code before}. @return how many */
    int purgePublishedBefore(Instant before);

    /** How many events wait and since when ({@code null} when none waits). */
    Backlog backlog();

    record Pending(long id, Event event) {
    }

    record Backlog(long pending, Instant oldestCreatedAt) {
    }
}
