package com.aquastream.backup.catalog.backups;

import com.aquastream.backup.catalog.backups.PendingEvents.Pending;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Moves outbox rows to Kafka: claim a batch, publish each (waiting for the broker's acknowledgement), mark the batch
 * published, in one transaction. A crash between publishing and committing publishes the batch again: at least once,
 * with the same event ids, which every consumer of the contract treats as duplicates.
 */
public final class OutboxRelay {

    private final PendingEvents pending;
    private final EventPublisher publisher;
    private final Transactions transactions;
    private final Clock clock;
    private final int batchSize;

    public OutboxRelay(PendingEvents pending, EventPublisher publisher, Transactions transactions, Clock clock,
                       int batchSize) {
        this.pending = pending;
        this.publisher = publisher;
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** Relays one batch. @return how many events were published */
    public int relayBatch() {
        return transactions.inTransaction(() -> {
            List<Pending> batch = pending.claim(batchSize);
            for (Pending each : batch) {
                publisher.publish(each.event());
            }
            if (!batch.isEmpty()) {
                pending.markPublished(batch.stream().map(Pending::id).toList(), clock.instant());
            }
            return batch.size();
        });
    }

    /** Deletes rows published before {@code before}; unpublished rows are never deleted. */
    public int purgePublishedBefore(Instant before) {
        return transactions.inTransaction(() -> pending.purgePublishedBefore(before));
    }

    public PendingEvents.Backlog backlog() {
        return transactions.inTransaction(pending::backlog);
    }
}
