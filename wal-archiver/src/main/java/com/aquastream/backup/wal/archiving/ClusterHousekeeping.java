package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.wal.BaseBackupKeys;
import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.BaseBackups;
import com.aquastream.backup.core.wal.WalArchiveKeys;
import com.aquastream.backup.core.wal.WalChain;
import com.aquastream.backup.core.wal.WalRetention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one cluster's archive in the store (its prefixes {@code wal/{cluster}/} and {@code basebackup/{cluster}/}) as
 * two rounds of the platform's timer:
 * <ol>
 *   <li>{@link #retentionRound()}: deletes what backup-core's {@link WalRetention} says the point-in-time window no
 *       longer needs (base backups and the WAL before the oldest kept one's start), in its order, then checks the
 *       chain;</li>
 *   <li>{@link #chainRound()}: lists the segments missing between the oldest kept base backup's start and the newest
 *       segment ({@link WalChain}) and hands them to the {@link ClusterArchiver}, whose next {@code wal.status} names
 *       them, together with the finish of the oldest base backup the store still holds ({@code recoverableFrom}:
 *       retention deletes base backups without another event, so this is how the catalog learns of it).</li>
 * </ol>
 * Both need the server's segment size (the archiver asks the server for it once): without it no segment name can be
 * read, so while the server cannot tell, neither deletes nor reports anything.
 */
public final class ClusterHousekeeping {

    /** How many missing segments {@code wal.status} names at most. */
    static final int REPORTED_MISSING = 100;

    private static final Logger log = LoggerFactory.getLogger(ClusterHousekeeping.class);

    private final ClusterArchiver archiver;
    private final ObjectStore store;
    private final HousekeepingSettings settings;
    private final Clock clock;
    private final AtomicLong deletedObjects = new AtomicLong();

    public ClusterHousekeeping(ClusterArchiver archiver, ObjectStore store, HousekeepingSettings settings,
                               Clock clock) {
        this.archiver = Objects.requireNonNull(archiver, "archiver");
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String name() {
        return archiver.name();
    }

    public HousekeepingSettings settings() {
        return settings;
    }

    /** Objects this process deleted by retention. */
    public long deletedObjects() {
        return deletedObjects.get();
    }

    /**
     * Deletes what the window no longer needs, then checks the chain.
     *
     * @throws UncheckedIOException when the store fails (the next round tries again; what was deleted stays deleted,
     *                              and the order keeps every backup still offered whole)
     */
    public void retentionRound() {
        OptionalLong segmentBytes = archiver.learnSegmentBytes();
        if (segmentBytes.isEmpty()) {
            log.info("cluster {}: retention waits for the server's WAL segment size", name());
            return;
        }
        try {
            WalRetention.Plan plan = plan(listing(), segmentBytes.getAsLong());
            for (String key : plan.deletions()) {
                store.delete(key);
                deletedObjects.incrementAndGet();
            }
            if (!plan.deletions().isEmpty()) {
                log.info("cluster {}: retention ({} window) deleted {} base backup(s) and {} object(s) in all;"
                                + " kept {} base backup(s) and the WAL from {} on", name(),
                        settings.retentionWindow(), plan.deleted().size(), plan.deletions().size(),
                        plan.kept().size(), plan.keepFrom().map(Object::toString).orElse("-"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cluster " + name() + ": retention failed: " + e.getMessage(), e);
        }
        chainRound();
    }

    /**
     * Checks the WAL chain from the oldest kept base backup's start and hands the result to the archiver. Runs while
     * no shipping round does, right after one: a completed segment still waiting in the spool while a newer
     * {@code .partial} snapshot is stored is no gap.
     *
     * @throws UncheckedIOException when the store cannot be listed
     */
    public void chainRound() {
        OptionalLong segmentBytes = archiver.learnSegmentBytes();
        if (segmentBytes.isEmpty()) {
            return;
        }
        Checked checked = archiver.afterShipping(() -> {
            try {
                Listing listing = listing();
                return new Checked(WalChain.gaps(name(), listing.walKeys(), segmentBytes.getAsLong(),
                        plan(listing, segmentBytes.getAsLong()).keepFrom(), REPORTED_MISSING),
                        listing.backups().stream().map(BaseBackupResult::finishedAt).min(Comparator.naturalOrder()));
            } catch (IOException e) {
                throw new UncheckedIOException("cluster " + name() + ": checking the WAL chain failed: "
                        + e.getMessage(), e);
            }
        });
        WalChain.Gaps gaps = checked.gaps();
        archiver.chainChecked(gaps);
        archiver.baseBackupsListed(checked.oldestBaseBackupFinishedAt());
        if (!gaps.none()) {
            log.warn("cluster {}: {} WAL segment(s) missing from the archive, the first {}: a point-in-time"
                    + " recovery cannot replay past it", name(), gaps.missingCount(), gaps.missing().get(0));
        }
    }

    /** A chain check's result and the finish of the oldest base backup in the same listing (empty: none). */
    private record Checked(WalChain.Gaps gaps, Optional<Instant> oldestBaseBackupFinishedAt) {
    }

    /** What the store holds of the cluster: its described base backups, and every key under its two prefixes. */
    private record Listing(List<BaseBackupResult> backups, List<String> baseBackupKeys, List<String> walKeys) {
    }

    private Listing listing() throws IOException {
        return new Listing(BaseBackups.list(store, name()), store.list(BaseBackupKeys.clusterPrefix(name())),
                store.list(WalArchiveKeys.clusterPrefix(name())));
    }

    private WalRetention.Plan plan(Listing listing, long segmentBytes) {
        return WalRetention.plan(name(), listing.backups(), listing.baseBackupKeys(), listing.walKeys(), segmentBytes,
                clock.instant(), settings.retentionWindow());
    }
}
