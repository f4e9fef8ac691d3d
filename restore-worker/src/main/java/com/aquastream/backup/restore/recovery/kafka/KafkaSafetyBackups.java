package com.aquastream.backup.restore.recovery.kafka;

import com.aquastream.backup.core.kafka.EventDeserializer;
import com.aquastream.backup.core.platform.EventPublisher;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.restore.recovery.SafetyBackups;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PRE_RESTORE backups through the event flow: publishes a {@code backup.requested} (trigger and tier PRE_RESTORE,
 * request id derived from the restore id, so a redelivered restore asks for the same backup) and waits for the
 * backup-worker's {@code backup.completed} or {@code backup.failed} of that request.
 *
 * <p>Results are watched by a consumer without a group that reads both topics from their end, so every
 * restore-worker instance sees every result, whichever instance asked.
 */
public final class KafkaSafetyBackups implements SafetyBackups, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSafetyBackups.class);

    private final EventPublisher publisher;
    private final Consumer<String, byte[]> results;
    private final Duration timeout;
    private final Clock clock;
    private final EventDeserializer deserializer = new EventDeserializer();
    private final Map<UUID, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();
    private final Thread watcher;
    private volatile boolean running = true;

    public KafkaSafetyBackups(EventPublisher publisher, Consumer<String, byte[]> results, Duration timeout,
                              Clock clock) {
        this.publisher = publisher;
        this.results = results;
        this.timeout = timeout;
        this.clock = clock;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED)) {
            results.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        results.assign(partitions);
        results.seekToEnd(partitions);
        partitions.forEach(results::position);
        watcher = new Thread(this::watch, "safety-backup-results");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The request id of a restore's safety backup: derived, so a redelivered restore reuses it. */
    static UUID requestIdOf(UUID restoreId) {
        return UUID.nameUUIDFromBytes(("pre-restore:" + restoreId).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Outcome take(RestoreRequested command, String targetDatabase) {
        UUID requestId = requestIdOf(command.restoreId());
        CompletableFuture<Outcome> result = waiting.computeIfAbsent(requestId, id -> new CompletableFuture<>());
        // The slot names the object (manual_{schema}_{slot}); seconds, like the storage layout.
        Instant slot = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        BackupRequested request = new BackupRequested(UUID.randomUUID(), clock.instant(), targetDatabase,
                command.schema(), requestId, List.of(Tier.PRE_RESTORE), Trigger.PRE_RESTORE,
                "restore-worker for restore " + command.restoreId(), slot);
        try {
            publisher.publish(request);
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Outcome.Failed("no answer to the safety backup request " + requestId + " within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed("interrupted while waiting for the safety backup");
        } catch (Exception e) {
            return new Outcome.Failed("could not request the safety backup: " + e.getMessage());
        } finally {
            waiting.remove(requestId);
        }
    }

    private void watch() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : results.poll(Duration.ofMillis(500))) {
                    onResult(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            results.close();
        }
    }

    private void onResult(ConsumerRecord<String, byte[]> r) {
        Event event;
        try {
            event = deserializer.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException malformed) {
            return;
        }
        if (event instanceof BackupCompleted c && c.requestId() != null) {
            complete(c.requestId(), new Outcome.Taken(c.objects().isEmpty() ? "" : c.objects().get(0).key()));
        } else if (event instanceof BackupFailed f && f.requestId() != null) {
            complete(f.requestId(), new Outcome.Failed(f.reason()));
        }
    }

    private void complete(UUID requestId, Outcome outcome) {
        CompletableFuture<Outcome> future = waiting.get(requestId);
        if (future != null) {
            log.info("safety backup {} ended: {}", requestId, outcome);
            future.complete(outcome);
        }
    }

    @Override
    public void close() {
        running = false;
        results.wakeup();
    }
}
