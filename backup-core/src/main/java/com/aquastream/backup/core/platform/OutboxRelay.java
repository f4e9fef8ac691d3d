package com.aquastream.backup.core.platform;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Moves outbox rows to Kafka: claim a batch, publish each (waiting for the broker's acknowledgement), mark the batch
 * published, in one transaction. A crash between publishing and committing publishes the batch again: at least once,
 * with the same event ids, which every consumer of the contract treats as duplicates. Run by the platform's timer
 * (task {@code outbox-relay}, every {@code backup.platform.outbox.poll-interval}).
 */
public final class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcOutbox outbox;
    private final EventPublisher publisher;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final int batchSize;
    private final AtomicReference<Instant> lastRelayAt = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    OutboxRelay(JdbcOutbox outbox, EventPublisher publisher, TransactionOperations transactions, Clock clock,
                int batchSize) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** Relays one batch. @return how many events were published */
    public int relayBatch() {
        Integer relayed = transactions.execute(status -> {
            List<JdbcOutbox.Pending> batch = outbox.claim(batchSize);
            for (JdbcOutbox.Pending each : batch) {
                publisher.publish(each.event());
            }
            outbox.markPublished(batch.stream().map(JdbcOutbox.Pending::id).toList(), clock.instant());
            return batch.size();
        });
        return relayed == null ? 0 : relayed;
    }

    /** Relays until nothing waits; remembers when it last got through, and why not. */
    public void drain() {
        try {
            while (relayBatch() > 0) {
                // what is pending now, then wait for the next turn
            }
            lastRelayAt.set(Instant.now()); // system time, as the timer's: when the relay last got through
            lastError.set(null);
        } catch (RuntimeException e) {
            lastError.set(e.toString());
            throw e;
        }
    }

    /** Deletes rows published before {@code before}; unpublished rows are never deleted. @return how many */
    public int purgePublishedBefore(Instant before) {
        Integer purged = transactions.execute(status -> outbox.purgePublishedBefore(before));
        if (purged != null && purged > 0) {
            log.info("deleted {} published outbox rows", purged);
        }
        return purged == null ? 0 : purged;
    }

    public JdbcOutbox.Backlog backlog() {
        return transactions.execute(status -> outbox.backlog());
    }

    /** When the relay last drained the outbox; {@code null} before the first time. */
    public Instant lastRelayAt() {
        return lastRelayAt.get();
    }

    /** Why the last round failed, {@code null} when it did not. */
    public String lastError() {
        return lastError.get();
    }
}
