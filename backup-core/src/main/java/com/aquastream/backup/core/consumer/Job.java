package com.aquastream.backup.core.consumer;

/**
 * Long work derived from one Kafka record, run off the poll thread.
 *
 * <p>{@link #run()} returning normally means the record is done and its offset may be committed.
 * Throwing means an infrastructure fault: the record is delivered again after a back-off, up to the consumer's
 * {@code maxAttempts} deliveries; when the last one throws too, the failure is permanent:
 * {@link #failedPermanently(int, String)} publishes the job's result event, the record goes to {@code <topic>.DLT} with
 * the error and is committed, and its partition moves on (no job can jam its partition).
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

    /**
     * The record failed on its last allowed delivery: announce the failure as this job's result event
     * ({@code backup.failed} with {@code retryable=false}, {@code restore.failed}, {@code replication.failed}), so
     * whoever waits for an answer gets one. Called once, on a worker thread, after {@link #run()} threw. Throwing
     * here means the answer could not be published: the record is delivered again after a back-off.
     *
     * @param deliveries how many deliveries of the record failed
     * @param reason     what went wrong, human-readable, e.g. {@code "failed 3 times, giving up: SQLException: ..."}
     */
    void failedPermanently(int deliveries, String reason) throws Exception;
}
