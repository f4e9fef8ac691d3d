package com.aquastream.backup.worker.backup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

/** Lets a shutdown stop a running backup: whoever holds a process registers how to kill it. */
public final class AbortSignal {

    private final List<Runnable> onAbort = new CopyOnWriteArrayList<>();
    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile boolean aborted;

    void abort() {
        aborted = true;
        latch.countDown();
        onAbort.forEach(Runnable::run);
    }

    /** Waits up to {@code timeout} (a retry back-off); returns true when aborted meanwhile. */
    public boolean awaitAbort(Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    public boolean isAborted() {
        return aborted;
    }

    /** Runs {@code action} on abort, at once if already aborted. */
    public void onAbort(Runnable action) {
        onAbort.add(action);
        if (aborted) {
            action.run();
        }
    }
}
