package com.aquastream.backup.wal.basebackup;

import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.consumer.JobAbortedException;
import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.PgBaseBackup;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.BaseBackupRequested;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.wal.archiving.ClusterSettings;
import com.aquastream.backup.wal.archiving.WalSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base backups of the configured clusters, requested ({@code basebackup.requested}) or scheduled: each takes up to
 * {@code maxAttempts} attempts, a {@code retryBackoff} apart, and ends in exactly one {@code basebackup.completed} or
 * {@code basebackup.failed}. A request for a cluster that is not configured, or not about a whole cluster (schema
 * other than {@link WalEvent#CLUSTER_SCHEMA}), is refused before any work (the platform dead-letters it).
 */
public final class BaseBackupService {

    private static final Logger log = LoggerFactory.getLogger(BaseBackupService.class);

    private final WalSettings settings;
    private final BaseBackupTaker taker;
    private final BaseBackupEvents events;
    private final String storeName;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final Clock clock;

    public BaseBackupService(WalSettings settings, BaseBackupTaker taker, BaseBackupEvents events, String storeName,
                             int maxAttempts, Duration retryBackoff, Clock clock) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.settings = Objects.requireNonNull(settings, "settings");
        this.taker = Objects.requireNonNull(taker, "taker");
        this.events = Objects.requireNonNull(events, "events");
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.maxAttempts = maxAttempts;
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The job of one request.
     *
     * @throws IllegalArgumentException for a cluster that is not configured or a request not about a whole cluster
     */
    public Job accept(BaseBackupRequested request) {
        if (!WalEvent.CLUSTER_SCHEMA.equals(request.schema())) {
            throw new IllegalArgumentException("basebackup.requested must name schema " + WalEvent.CLUSTER_SCHEMA
                    + ", not " + request.schema());
        }
        ClusterSettings cluster = settings.cluster(request.database());
        return new RequestedBackup(cluster, request.requestId());
    }

    /** The scheduled base backups: every configured cluster, one after the other; never throws. */
    public void scheduled() {
        for (ClusterSettings cluster : settings.clusters()) {
            try {
                take(cluster, null, new CountDownLatch(1));
            } catch (RuntimeException e) {
                log.warn("scheduled base backup of cluster {} could not be announced: {}", cluster.name(), e.toString());
            }
        }
    }

    /**
     * Takes the base backup with bounded attempts and publishes its one result.
     *
     * @param stop counted down when no further attempt may start (shutdown)
     * @throws JobAbortedException when stopped between attempts
     */
    private void take(ClusterSettings cluster, UUID requestId, CountDownLatch stop) {
        PgBaseBackup.Source source = new PgBaseBackup.Source(cluster.host(), cluster.port(), cluster.user(),
                cluster.password());
        String reason = null;
        boolean retryable = true;
        int attempt = 0;
        while (attempt < maxAttempts) {
            attempt++;
            try {
                BaseBackupResult result = taker.take(cluster.name(), source, UUID.randomUUID());
                log.info("cluster {}: base backup {} stored as {} ({} bytes) after {} attempt(s)", cluster.name(),
                        result.backupId(), result.key(), result.sizeBytes(), attempt);
                events.publish(completed(result, requestId));
                return;
            } catch (IOException e) {
                reason = e.getMessage();
            } catch (IllegalArgumentException | IllegalStateException e) {
                // A refusal (a bad setting, an unexpected answer of the server): the same again fails the same way.
                reason = e.getMessage();
                retryable = false;
                break;
            }
            log.warn("cluster {}: base backup attempt {} of {} failed: {}", cluster.name(), attempt, maxAttempts,
                    reason);
            if (attempt < maxAttempts && awaitStop(stop, retryBackoff)) {
                throw new JobAbortedException("stopping: base backup of cluster " + cluster.name()
                        + " left for another delivery");
            }
        }
        events.publish(failed(cluster.name(), requestId, attempt, retryable,
                "failed " + attempt + " time(s), giving up: " + reason));
    }

    private static boolean awaitStop(CountDownLatch stop, Duration wait) {
        try {
            return stop.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private BaseBackupCompleted completed(BaseBackupResult r, UUID requestId) {
        return new BaseBackupCompleted(UUID.randomUUID(), clock.instant(), r.cluster(), WalEvent.CLUSTER_SCHEMA,
                requestId, r.backupId(), r.key(), storeName, r.sizeBytes(), r.sha256Hex(), r.compression(),
                PgBaseBackup.FORMAT, r.timeline(), r.startLsn().toString(), r.endLsn().toString(), r.startedAt(),
                r.finishedAt(), r.serverVersion(), r.toolVersion(), r.manifestVerified());
    }

    private BaseBackupFailed failed(String cluster, UUID requestId, int attempt, boolean retryable, String reason) {
        return new BaseBackupFailed(UUID.randomUUID(), clock.instant(), cluster, WalEvent.CLUSTER_SCHEMA, requestId,
                attempt, retryable, reason);
    }

    /** One request's work: its attempts, stoppable between them. */
    private final class RequestedBackup implements Job {

        private final ClusterSettings cluster;
        private final UUID requestId;
        private final CountDownLatch stop = new CountDownLatch(1);

        RequestedBackup(ClusterSettings cluster, UUID requestId) {
            this.cluster = cluster;
            this.requestId = requestId;
        }

        @Override
        public void run() {
            take(cluster, requestId, stop);
        }

        @Override
        public void abort() {
            stop.countDown();
        }

        @Override
        public void stopping() {
            stop.countDown();
        }

        /** Publishing the result kept failing: say so, so whoever waits gets an answer. */
        @Override
        public void failedPermanently(int deliveries, String reason) {
            events.publish(failed(cluster.name(), requestId, deliveries, false, reason));
        }
    }
}
