package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.events.RestoreRequested;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command's weight for scheduling: the recorded size of the archive it means. With more restores waiting than
 * run at once (a restore-all), the largest starts first; otherwise the order of partitions decides, and the largest
 * schema can start last and finish long after the others (the benchmark saw the largest of six start third).
 *
 * <p>Asked on the poll thread, so the lookup (the named key's record, or finding the newest backup) runs on a thread
 * of its own and is given up after a short limit: an unknown weight is 0, and the restore itself reports any error.
 */
final class ArchiveWeights implements ToLongFunction<RestoreRequested> {

    private static final Logger log = LoggerFactory.getLogger(ArchiveWeights.class);

    private final ArchiveLocator locator;
    private final ArchiveFetcher fetcher;
    private final Duration limit;
    private final ExecutorService lookups = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "restore-weigh");
        t.setDaemon(true);
        return t;
    });

    ArchiveWeights(ArchiveLocator locator, ArchiveFetcher fetcher, Duration limit) {
        this.locator = locator;
        this.fetcher = fetcher;
        this.limit = limit;
    }

    @Override
    public long applyAsLong(RestoreRequested c) {
        Future<Long> size = lookups.submit(() -> fetcher.recordedSizeBytes(c.key() != null ? c.key()
                : locator.locate(c.database(), c.schema(), c.backupId(), c.asOf())));
        try {
            return size.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            size.cancel(true);
            log.debug("restore {}: archive size unknown, scheduled as weight 0: {}", c.restoreId(), e.toString());
            return 0;
        } catch (InterruptedException e) {
            size.cancel(true);
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
