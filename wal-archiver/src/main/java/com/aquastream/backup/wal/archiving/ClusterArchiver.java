package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.wal.Lsn;
import com.aquastream.backup.core.wal.PgReceiveWal;
import com.aquastream.backup.core.wal.ShippedSegment;
import com.aquastream.backup.core.wal.WalChain;
import com.aquastream.backup.core.wal.WalLag;
import com.aquastream.backup.core.wal.WalShipper;
import com.aquastream.backup.events.WalArchived;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.events.WalStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continuous archiving of one cluster, as four rounds the platform's timer runs:
 * <ol>
 *   <li>{@link #superviseReceiver()}: creates the slot once, starts pg_receivewal, and starts it again with a
 *       doubling back-off when it ended (logging its last words);</li>
 *   <li>{@link #shipRound()}: ships the timeline histories, then each completed segment, announcing each one as
 *       {@code wal.archived} right after it is stored and verified;</li>
 *   <li>{@link #partialRound()}: ships a snapshot of the segment still being received and announces it
 *       ({@code partial=true}) only when it holds WAL beyond everything announced before;</li>
 *   <li>{@link #statusRound()}: publishes {@code wal.status}, the heartbeat with the lag, the segments the
 *       last chain check ({@link ClusterHousekeeping}) found missing and the finish of the oldest base backup the
 *       store held at that check ({@code recoverableFrom}, also moved by a base backup stored since).</li>
 * </ol>
 * The shipper is made once the server told its WAL segment size, so the service starts with the server down.
 * Shipping rounds run one at a time (the shipper is not thread-safe); the receiver's state has its own lock, so a
 * slow upload never delays a restart. {@link #stop()} stops pg_receivewal (it flushes what it received) and ships once
 * more.
 *
 * <p>Why a {@code wal.archived} event can be missing although the segment is stored: the shipper deletes the local
 * segment once it is verified in the store, so an event the broker refused is not sent again. The store is the record
 * of what is archived ({@code wal/{cluster}/}); the events tell who listens as it happens.
 */
public final class ClusterArchiver {

    private static final Logger log = LoggerFactory.getLogger(ClusterArchiver.class);

    private final ClusterSettings cluster;
    private final WalSettings settings;
    private final Receiver receiver;
    private final PgServer server;
    private final LongFunction<WalShipper> shippers;
    private final WalEvents events;
    private final String storeName;
    private final Clock clock;

    private final Object receiverLock = new Object();
    private Receiver.Running running;
    private boolean confirmedAlive;
    private boolean startedOnce;
    private boolean slotCreated;
    private Duration backoff;
    private Instant nextStartAt = Instant.MIN;
    private volatile Instant notReceivingSince;
    private volatile String receiverProblem = "pg_receivewal not started yet";
    private volatile boolean stopped;

    private final Object shipLock = new Object();
    private WalShipper shipper;
    private volatile long segmentBytes;
    private volatile WalChain.Gaps lastChain;
    private volatile ShippedSegment furthest;

    /** Guards the two below: what the store held of base backups at the last listing, and what was stored since. */
    private final Object baseBackupsLock = new Object();
    private boolean baseBackupsListed;
    private Instant oldestBaseBackupFinishedAt;

    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong segmentsShipped = new AtomicLong();
    private volatile WalLag lastLag;

    /**
     * @param shippers makes the shipper for the server's segment size (once it is known)
     * @param storeName the store's name in events ({@code filesystem} or {@code s3})
     */
    public ClusterArchiver(ClusterSettings cluster, WalSettings settings, Receiver receiver, PgServer server,
                           LongFunction<WalShipper> shippers, WalEvents events, String storeName, Clock clock) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.server = Objects.requireNonNull(server, "server");
        this.shippers = Objects.requireNonNull(shippers, "shippers");
        this.events = Objects.requireNonNull(events, "events");
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = settings.restartBackoff();
        this.notReceivingSince = clock.instant();
    }

    public String name() {
        return cluster.name();
    }

    /** Keeps pg_receivewal running: starts it when it is not, at most once per back-off. Never throws. */
    public void superviseReceiver() {
        synchronized (receiverLock) {
            if (stopped) {
                return;
            }
            Instant now = clock.instant();
            if (running != null) {
                if (running.isAlive()) {
                    if (!confirmedAlive) {
                        confirmedAlive = true;
                        backoff = settings.restartBackoff();
                        notReceivingSince = null;
                        receiverProblem = null;
                    }
                    return;
                }
                ended(running, now);
                running = null;
            }
            if (now.isBefore(nextStartAt)) {
                return;
            }
            try {
                if (!slotCreated) {
                    receiver.createSlot();
                    slotCreated = true;
                }
                running = receiver.start();
                confirmedAlive = false;
                if (startedOnce) {
                    restarts.incrementAndGet();
                }
                startedOnce = true;
                log.info("cluster {}: pg_receivewal started (slot {}, into {})", cluster.name(), cluster.slot(),
                        cluster.directory());
            } catch (IOException | RuntimeException e) {
                receiverProblem = "pg_receivewal could not start: " + e.getMessage();
                log.warn("cluster {}: {}; next try in {}", cluster.name(), receiverProblem, backoff);
                delayNextStart(now);
            }
        }
    }

    private void ended(Receiver.Running ended, Instant now) {
        OptionalInt exit = ended.exitCode();
        String stderr = ended.stderr();
        receiverProblem = "pg_receivewal exited with " + (exit.isPresent() ? exit.getAsInt() : "?")
                + (stderr == null || stderr.isBlank() ? "" : ": " + lastLine(stderr));
        log.warn("cluster {}: pg_receivewal ended (exit {}), starting it again in {}; its last words:\n{}",
                cluster.name(), exit.isPresent() ? exit.getAsInt() : "?", backoff, stderr);
        delayNextStart(now);
    }

    private void delayNextStart(Instant now) {
        if (notReceivingSince == null) {
            notReceivingSince = now;
        }
        nextStartAt = now.plus(backoff);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.restartBackoffMax()) > 0 ? settings.restartBackoffMax() : doubled;
    }

    /**
     * Ships the timeline histories and every completed segment, oldest first, publishing {@code wal.archived} for each
     * segment as soon as it is stored. A failure ends the round (the rest waits for the next one).
     *
     * @throws UncheckedIOException when the server's segment size cannot be learnt or the store fails
     */
    public void shipRound() {
        synchronized (shipLock) {
            try {
                WalShipper shipper = shipper();
                shipper.shipHistories();
                for (var segment : shipper.pending()) {
                    ShippedSegment shipped = shipper.ship(segment);
                    furthest = shipper.furthestShipped().orElse(shipped);
                    segmentsShipped.incrementAndGet();
                    events.publish(archived(shipped));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cluster " + cluster.name() + ": shipping failed: " + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * Ships a snapshot of the segment being received, and announces it when it holds WAL beyond everything shipped
     * before (an unchanged snapshot of an idle cluster is not announced again).
     */
    public void partialRound() {
        synchronized (shipLock) {
            try {
                WalShipper shipper = shipper();
                Optional<ShippedSegment> before = shipper.furthestShipped();
                Optional<ShippedSegment> partial = shipper.shipPartial();
                furthest = shipper.furthestShipped().orElse(null);
                if (partial.isPresent() && advances(partial.get(), before)) {
                    events.publish(archived(partial.get()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cluster " + cluster.name() + ": shipping the partial segment failed: "
                        + e.getMessage(), e);
            }
        }
    }

    private static boolean advances(ShippedSegment partial, Optional<ShippedSegment> before) {
        if (before.isEmpty()) {
            return partial.endLsn().compareTo(partial.startLsn()) > 0;
        }
        ShippedSegment previous = before.get();
        return partial.timeline() > previous.timeline()
                || partial.timeline() == previous.timeline() && partial.endLsn().compareTo(previous.endLsn()) > 0;
    }

    /** Publishes {@code wal.status}: receiving or not (and why), the server's and the archive's positions, the lag. */
    public void statusRound() {
        Instant now = clock.instant();
        Lsn serverLsn = null;
        String serverProblem = null;
        try {
            serverLsn = server.currentLsn();
        } catch (IOException | RuntimeException e) {
            serverProblem = e.getMessage();
        }
        ShippedSegment shipped = furthest;
        WalLag lag = serverLsn == null || shipped == null ? null : WalLag.between(serverLsn, shipped, now);
        lastLag = lag;
        boolean receiving = receiving();
        String reason = joined(receiving ? null : receiverProblem, serverProblem);
        WalChain.Gaps chain = lastChain;
        Instant recoverableFrom = recoverableFrom().orElse(null);
        events.publish(new WalStatus(UUID.randomUUID(), now, cluster.name(), WalEvent.CLUSTER_SCHEMA, receiving,
                serverLsn == null ? null : serverLsn.toString(),
                shipped == null ? null : shipped.endLsn().toString(),
                lag == null ? null : lag.bytes(), lag == null ? null : lag.behind().toSeconds(),
                shipped == null ? null : shipped.shippedAt(), reason, chain == null ? null : chain.missing(),
                recoverableFrom));
    }

    /**
     * Runs {@code check} while no shipping round runs, right after shipping every completed segment waiting in the
     * spool (a failure to ship is left for the check to see: what is not stored is missing).
     */
    public <T> T afterShipping(Supplier<T> check) {
        synchronized (shipLock) {
            try {
                shipRound();
            } catch (RuntimeException e) {
                log.warn("cluster {}: shipping before the chain check failed: {}", cluster.name(), e.getMessage());
            }
            return check.get();
        }
    }

    /** The last chain check's result, which every following {@code wal.status} reports. */
    public void chainChecked(WalChain.Gaps gaps) {
        lastChain = Objects.requireNonNull(gaps, "gaps");
    }

    /**
     * What the store holds of base backups, listed with the chain check (after each retention run): the oldest one's
     * {@code finishedAt}, empty when there is none. Every following {@code wal.status} reports it as
     * {@code recoverableFrom}.
     */
    public void baseBackupsListed(Optional<Instant> oldestFinishedAt) {
        synchronized (baseBackupsLock) {
            baseBackupsListed = true;
            oldestBaseBackupFinishedAt = oldestFinishedAt.orElse(null);
        }
    }

    /**
     * A base backup was stored (and described) just now: when it is the store's only one, a recovery can reach from
     * its finish on, without waiting for the next listing. Before the first listing nothing is known of older ones,
     * so nothing changes (reporting it then would announce the older ones gone).
     */
    public void baseBackupStored(Instant finishedAt) {
        Objects.requireNonNull(finishedAt, "finishedAt");
        synchronized (baseBackupsLock) {
            if (baseBackupsListed && (oldestBaseBackupFinishedAt == null
                    || finishedAt.isBefore(oldestBaseBackupFinishedAt))) {
                oldestBaseBackupFinishedAt = finishedAt;
            }
        }
    }

    /**
     * The {@code finishedAt} of the oldest base backup the store holds, as of the last listing and the base backups
     * stored since: the earliest moment a point-in-time recovery can reach. Empty with none, or before the listing.
     */
    public Optional<Instant> recoverableFrom() {
        synchronized (baseBackupsLock) {
            return Optional.ofNullable(oldestBaseBackupFinishedAt);
        }
    }

    /** The last chain check's result; empty before the first one. */
    public Optional<WalChain.Gaps> lastChain() {
        return Optional.ofNullable(lastChain);
    }

    /** The server's WAL segment size, once it was learnt (before the first shipping round). */
    public OptionalLong segmentBytes() {
        long bytes = segmentBytes;
        return bytes == 0 ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    /** The server's WAL segment size, asking the server now if it was not learnt yet; empty while it cannot tell. */
    public OptionalLong learnSegmentBytes() {
        if (segmentBytes != 0) {
            return OptionalLong.of(segmentBytes);
        }
        synchronized (shipLock) {
            try {
                shipper();
            } catch (IOException | RuntimeException e) {
                log.info("cluster {}: the WAL segment size is not known yet: {}", cluster.name(), e.getMessage());
            }
        }
        return segmentBytes();
    }

    /** Stops pg_receivewal (it flushes what it received) and ships once more; nothing is started after this. */
    public void stop() {
        synchronized (receiverLock) {
            stopped = true;
            if (running != null) {
                try {
                    int exit = running.stop(PgReceiveWal.DEFAULT_STOP);
                    log.info("cluster {}: pg_receivewal stopped (exit {})", cluster.name(), exit);
                } catch (IOException e) {
                    log.warn("cluster {}: stopping pg_receivewal failed: {}", cluster.name(), e.getMessage());
                }
                running = null;
            }
        }
        try {
            shipRound();
            partialRound();
        } catch (RuntimeException e) {
            log.warn("cluster {}: the last shipping round failed, the spool keeps the WAL for the next start: {}",
                    cluster.name(), e.getMessage());
        }
    }

    /** Whether pg_receivewal runs right now. */
    public boolean receiving() {
        synchronized (receiverLock) {
            return running != null && running.isAlive();
        }
    }

    /** How long the cluster has been without a running pg_receivewal; empty while it runs. */
    public Optional<Duration> notReceivingFor(Instant now) {
        if (receiving()) {
            return Optional.empty();
        }
        Instant since = notReceivingSince;
        return Optional.of(since == null ? Duration.ZERO : Duration.between(since, now));
    }

    /** Healthy unless it has not been receiving for longer than {@link WalSettings#notReceivingLimit()}. */
    public boolean healthy(Instant now) {
        return notReceivingFor(now).map(d -> d.compareTo(settings.notReceivingLimit()) <= 0).orElse(true);
    }

    /** Why it is not receiving, null while it is. */
    public String problem() {
        return receiving() ? null : receiverProblem;
    }

    /** The lag at the last status round, empty when the server or the archive position was unknown. */
    public Optional<WalLag> lastLag() {
        return Optional.ofNullable(lastLag);
    }

    public long segmentsShipped() {
        return segmentsShipped.get();
    }

    public long receiverRestarts() {
        return restarts.get();
    }

    private WalShipper shipper() throws IOException {
        if (shipper == null) {
            // pg_receivewal creates it too, but a round may come first.
            Files.createDirectories(cluster.directory());
            long bytes = server.walSegmentBytes();
            shipper = shippers.apply(bytes);
            segmentBytes = bytes;
            log.info("cluster {}: WAL segments of {} bytes", cluster.name(), bytes);
        }
        return shipper;
    }

    private WalArchived archived(ShippedSegment shipped) {
        Compression compression = settings.compression();
        return new WalArchived(UUID.randomUUID(), clock.instant(), cluster.name(), WalEvent.CLUSTER_SCHEMA,
                shipped.timeline(), shipped.segment().completed().fileName(), shipped.partial(),
                shipped.startLsn().toString(), shipped.endLsn().toString(), shipped.key(), storeName,
                shipped.sizeBytes(), shipped.walBytes(), shipped.sha256Hex(), compression.wireName());
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static String joined(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "; " + b;
    }
}
