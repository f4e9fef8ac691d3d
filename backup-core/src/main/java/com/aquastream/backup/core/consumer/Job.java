package com.aquastream.backup.core.consumer;

/**
 * Long work derived from one Kafka record, run off the poll thread.
 *
 * <p>{@link #run()} returning normally means the record is done and its offset may be committed.
 * Throwing means an infrastructure fault: the record is delivered again after a back-off.
 * Throwing {@link JobAbortedException} after {@link #abort()} means the work was given up on shutdown
 * and left nothing behind; the record is not committed, so another instance redoes it.
 */
public interface Job {

    void run() throws Exception;

    /** Asks a running job to stop as soon as possible, leaving nothing half-done behind. Idempotent. */
    void abort();

    /**
     * The consumer is stopping: finish what is under way, but start nothing new, such as another attempt after a
     * failure (throw {@link JobAbortedException} instead, and the record is redelivered to whoever consumes next).
     * Called once, from the poll thread, before the shutdown timeout starts to run out. Default: nothing.
     */
    default void stopping() {
    }

    /**
     * How much work this job is, roughly (a restore: its archive's bytes). When more jobs wait than workers are
     * free, the heaviest starts first, so a batch's largest job does not start last and end long after the rest.
     * Asked once, on the poll thread, when the job is accepted.
     */
    default long weight() {
        return 0;
    }
}
