package com.aquastream.backup.worker.backup;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@link SchemaLocks} within this worker process only. Used for Redis targets, which have no database of their own
 * to hold a lock in (and a lock key written into the instance would end up in its snapshots). Across instances the
 * message key {@code redis.{instance}} keeps one instance's requests on one partition, hence one consumer; the rare
 * overlap during a rebalance stores the same snapshot name twice and announces the same deterministic backup id.
 */
final class InProcessSchemaLocks implements SchemaLocks {

    private final ConcurrentHashMap<String, Semaphore> locks = new ConcurrentHashMap<>();
    private final Duration checkAbortEvery;

    InProcessSchemaLocks(Duration checkAbortEvery) {
        this.checkAbortEvery = checkAbortEvery;
    }

    @Override
    public Held lock(String database, String schema, AbortSignal abort) throws SchemaLockException {
        // A semaphore, not a ReentrantLock: a pooled thread asking again must wait like any other holder.
        Semaphore lock = locks.computeIfAbsent(database + "." + schema, k -> new Semaphore(1));
        try {
            while (!lock.tryAcquire(checkAbortEvery.toMillis(), TimeUnit.MILLISECONDS)) {
                if (abort.isAborted()) {
                    throw new SchemaLockException("aborted while waiting for the lock of " + schema, null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaLockException("interrupted while waiting for the lock of " + schema, e);
        }
        return lock::release;
    }
}
