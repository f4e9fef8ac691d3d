package com.aquastream.backup.core.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka consumer for work that takes longer than {@code max.poll.interval.ms}: dumps and restores of hours.
 *
 * <p>How it keeps the invariants of DESIGN.md:
 * <ul>
 *   <li><b>Long work never breaks the group.</b> A record's {@link Job} runs on a worker thread while the poll
 *       thread keeps polling; the record's partition is paused meanwhile, so polling returns nothing for it.</li>
 *   <li><b>At-least-once.</b> An offset is committed only after its job returned, i.e. after the job published its
 *       result event. A job that throws is redelivered after a back-off; an aborted one is left uncommitted.</li>
 *   <li><b>Per-key order.</b> One job at a time per partition, records in offset order; other partitions go on in
 *       parallel, up to {@code concurrency} jobs at once. Among jobs of different partitions waiting for a worker,
 *       the heaviest ({@link Job#weight()}) starts first, then the earliest accepted.</li>
 *   <li><b>Poison messages.</b> A record the {@link RecordHandler} rejects goes to {@code <topic>.DLT} and is
 *       committed: the consumer neither stops nor loops on it.</li>
 *   <li><b>No job jams its partition.</b> A job that throws is delivered again after a back-off, at most
 *       {@code maxAttempts} times in all; when the last delivery throws too, the job announces its failure
 *       ({@link Job#failedPermanently}), the record goes to {@code <topic>.DLT} with the error and is committed. So a
 *       poison request delays the others on its partition by its own bounded attempts, never for ever.</li>
 *   <li><b>No second copy of a running job in this instance.</b> After a rebalance hands back a partition whose job
 *       is still running, the partition stays paused until that job ends. Across instances the jobs themselves must
 *       be idempotent (the backup worker locks the schema and re-announces a stored result).</li>
 * </ul>
 *
 * <p>Why not a Spring Kafka listener with {@code asyncAcks}: that mode pauses the whole consumer until every record
 * of a poll is acknowledged (one long dump stalls every other partition) and has known rebalance defects
 * (spring-kafka discussion #4675). The loop here is small and owns exactly the behaviour we need.
 */
public final class PartitionedJobConsumer {

    /**
     * Tuning of one consumer. {@code revokeWait} must stay well below {@code max.poll.interval.ms};
     * {@code maxAttempts} is how many deliveries of one record may throw before its failure is permanent.
     */
    public record Settings(String name, List<String> topics, int concurrency, Duration pollTimeout,
                           Duration retryBackoff, Duration revokeWait, Duration shutdownTimeout, int maxAttempts) {

        /** Deliveries of a record whose job throws, before the failure counts as permanent. */
        public static final int DEFAULT_MAX_ATTEMPTS = 3;

        public Settings {
            if (topics == null || topics.isEmpty()) {
                throw new IllegalArgumentException("a job consumer needs at least one topic");
            }
            topics = List.copyOf(topics);
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
        }

        public Settings(String name, String topic, int concurrency, Duration pollTimeout, Duration retryBackoff,
                        Duration revokeWait, Duration shutdownTimeout, int maxAttempts) {
            this(name, List.of(topic), concurrency, pollTimeout, retryBackoff, revokeWait, shutdownTimeout,
                    maxAttempts);
        }

        public Settings(String name, String topic, int concurrency, Duration pollTimeout, Duration retryBackoff,
                        Duration revokeWait, Duration shutdownTimeout) {
            this(name, topic, concurrency, pollTimeout, retryBackoff, revokeWait, shutdownTimeout,
                    DEFAULT_MAX_ATTEMPTS);
        }
    }

    /** DONE and GAVE_UP commit the record (GAVE_UP after its failure was announced and dead-lettered). */
    private enum Outcome { DONE, FAILED, GAVE_UP, ABORTED }

    private static final Duration BUSY_POLL_TIMEOUT = Duration.ofMillis(50);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);

    private record Completion(TopicPartition partition, long offset, Outcome outcome) {
    }

    private record InFlight(long offset, Job job) {
    }

    private record Attempts(long offset, int failed) {
    }

    /** A job waiting for a worker: the pool's queue hands out the heaviest first, equal weights in arrival order. */
    private record Queued(long weight, long sequence, TopicPartition partition, long offset, Runnable work)
            implements Runnable {
        static final Comparator<Runnable> HEAVIEST_FIRST = Comparator
                .comparingLong((Runnable r) -> -((Queued) r).weight())
                .thenComparingLong(r -> ((Queued) r).sequence());

        @Override
        public void run() {
            work.run();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PartitionedJobConsumer.class);

    private final Consumer<String, byte[]> consumer;
    private final RecordHandler handler;
    private final DeadLetterPublisher deadLetters;
    private final Settings settings;
    private final Clock clock;
    private final ExecutorService workers;
    /** Jobs accepted but not started yet (the workers' queue). */
    private final BlockingQueue<Runnable> waiting;
    private final Map<TopicPartition, InFlight> inFlight = new ConcurrentHashMap<>();
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final Map<TopicPartition, Instant> retryAt = new HashMap<>();
    /** Deliveries of a partition's current record whose job threw (poll thread only). */
    private final Map<TopicPartition, Attempts> failedAttempts = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> pendingCommits = new HashMap<>();
    private final AtomicInteger revocations = new AtomicInteger();
    /** Jobs accepted so far (poll thread only): the arrival order among equal weights. */
    private long accepted;
    /** Jobs accepted during the current poll, started together after it, heaviest first. */
    private final List<Queued> acceptedThisPoll = new ArrayList<>();

    private volatile boolean running;
    private volatile Set<TopicPartition> assigned = Set.of();
    private volatile Instant assignedAt;
    private volatile Instant lastPollAt;
    private volatile Throwable crashedWith;
    private Thread pollThread;

    public PartitionedJobConsumer(Consumer<String, byte[]> consumer, RecordHandler handler,
                                  DeadLetterPublisher deadLetters, Settings settings, Clock clock) {
        this.consumer = consumer;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 0,
                TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(16, Queued.HEAVIEST_FIRST),
                r -> new Thread(r, settings.name() + "-job-" + n.incrementAndGet()));
        pool.prestartAllCoreThreads(); // every job goes through the queue, so its order applies to all
        this.workers = pool;
        this.waiting = pool.getQueue();
    }

    /** Subscribes and starts the poll thread. */
    public synchronized void start() {
        if (pollThread != null) {
            return;
        }
        running = true;
        pollThread = new Thread(this::loop, settings.name() + "-poll");
        pollThread.start();
    }

    /**
     * Stops taking records, lets running jobs finish within the shutdown timeout (committing them), then aborts
     * the rest (left uncommitted, so they are redone) and closes the consumer.
     */
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = pollThread;
        }
        if (t == null) {
            return;
        }
        try {
            t.join(settings.shutdownTimeout().plusSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning() {
        return running && crashedWith == null && pollThread != null && pollThread.isAlive();
    }

    public Instant lastPollAt() {
        return lastPollAt;
    }

    /** Partitions this instance owns now. */
    public Set<TopicPartition> assignedPartitions() {
        return assigned;
    }

    /** True once partitions are assigned and a poll has completed after that (positions are set). */
    public boolean isReady() {
        Instant at = assignedAt;
        Instant polled = lastPollAt;
        return isRunning() && !assigned.isEmpty() && at != null && polled != null && polled.isAfter(at);
    }

    public int jobsInFlight() {
        return inFlight.size();
    }

    /** Partitions taken away by rebalances since start: stays 0 while long jobs run, which is the point. */
    public int revocations() {
        return revocations.get();
    }

    public Throwable crashedWith() {
        return crashedWith;
    }

    /**
     * Hands the Kafka consumer to a meter binder (Micrometer's {@code KafkaClientMetrics}: consumer lag, fetch and
     * poll rates). Spring Boot instruments only the consumers it builds itself, not this one. The binder may call
     * nothing but {@link Consumer#metrics()}, the one method of a consumer that is safe off its poll thread.
     */
    public <T> T instrument(Function<? super Consumer<?, ?>, T> binder) {
        return binder.apply(consumer);
    }

    private void loop() {
        try {
            consumer.subscribe(settings.topics(), new Rebalance());
            while (running) {
                pollOnce();
            }
            drainOnShutdown();
        } catch (Throwable t) {
            crashedWith = t;
            log.error("consumer {} stopped on an unexpected error", settings.name(), t);
            abortAll();
        } finally {
            try {
                consumer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                log.warn("closing consumer {} failed: {}", settings.name(), e.toString());
            }
            workers.shutdownNow();
        }
    }

    private void pollOnce() {
        handleCompletions();
        resumeDueRetries();
        ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout());
        lastPollAt = clock.instant();
        for (TopicPartition tp : records.partitions()) {
            if (running) {
                dispatch(tp, records.records(tp));
            } else {
                // Shutting down: leave the records for the next owner.
                consumer.seek(tp, records.records(tp).get(0).offset());
                consumer.pause(Set.of(tp));
            }
        }
        startAcceptedJobs();
        commitPending();
    }

    /**
     * While jobs run, a finished one is noticed only when poll returns, and its partition's next record waits for
     * that: so poll briefly (all busy partitions are paused, so this costs no fetches). Otherwise a backlog of short
     * jobs on one partition would move at one record per poll timeout.
     */
    private Duration pollTimeout() {
        return inFlight.isEmpty() || settings.pollTimeout().compareTo(BUSY_POLL_TIMEOUT) < 0
                ? settings.pollTimeout() : BUSY_POLL_TIMEOUT;
    }

    /** Handles the records of one partition in order until one of them starts a job; the rest are fetched again later. */
    private void dispatch(TopicPartition tp, List<ConsumerRecord<String, byte[]>> records) {
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            if (inFlight.containsKey(tp)) {
                consumer.seek(tp, record.offset());
                consumer.pause(Set.of(tp));
                return;
            }
            Job job;
            try {
                job = handler.accept(record);
            } catch (Exception rejected) {
                if (!deadLetter(tp, record, rejected)) {
                    return;
                }
                continue;
            }
            if (job == null) {
                pendingCommits.put(tp, new OffsetAndMetadata(record.offset() + 1));
                continue;
            }
            submit(tp, record, job);
            if (i + 1 < records.size()) {
                consumer.seek(tp, records.get(i + 1).offset());
            }
            consumer.pause(Set.of(tp));
            return;
        }
    }

    private boolean deadLetter(TopicPartition tp, ConsumerRecord<String, byte[]> record, Exception rejected) {
        log.warn("rejected record {}-{}@{} to the dead-letter topic: {}", record.topic(), record.partition(),
                record.offset(), rejected.getMessage());
        try {
            deadLetters.publish(record, rejected);
            pendingCommits.put(tp, new OffsetAndMetadata(record.offset() + 1));
            return true;
        } catch (Exception e) {
            log.error("could not publish dead letter for {}@{}; retrying after back-off", tp, record.offset(), e);
            retryLater(tp, record.offset());
            return false;
        }
    }

    private void submit(TopicPartition tp, ConsumerRecord<String, byte[]> record, Job job) {
        long offset = record.offset();
        Attempts previous = failedAttempts.get(tp);
        int attempt = (previous != null && previous.offset() == offset ? previous.failed() : 0) + 1;
        inFlight.put(tp, new InFlight(offset, job));
        acceptedThisPoll.add(new Queued(weightOf(job, tp, offset), ++accepted, tp, offset,
                () -> completions.add(new Completion(tp, offset, runJob(tp, record, job, attempt)))));
    }

    /**
     * Hands the poll's jobs to the workers heaviest first: an idle worker takes a job the moment it is queued, so
     * the queue's order alone would start the first-polled partitions' jobs, not the heaviest.
     */
    private void startAcceptedJobs() {
        acceptedThisPoll.sort(Queued.HEAVIEST_FIRST);
        acceptedThisPoll.forEach(workers::execute);
        acceptedThisPoll.clear();
    }

    private static long weightOf(Job job, TopicPartition tp, long offset) {
        try {
            return job.weight();
        } catch (RuntimeException e) {
            log.warn("could not weigh the job for {}@{}; it queues as weight 0: {}", tp, offset, e.toString());
            return 0;
        }
    }

    private Outcome runJob(TopicPartition tp, ConsumerRecord<String, byte[]> record, Job job, int attempt) {
        long offset = record.offset();
        try {
            job.run();
            return Outcome.DONE;
        } catch (JobAbortedException e) {
            log.info("job for {}@{} aborted: {}", tp, offset, e.getMessage());
            return Outcome.ABORTED;
        } catch (Throwable t) {
            if (attempt < settings.maxAttempts() && !(t instanceof PermanentJobFailure)) {
                log.error("job for {}@{} failed (attempt {} of {}); it will be delivered again", tp, offset, attempt,
                        settings.maxAttempts(), t);
                return Outcome.FAILED;
            }
            log.error("job for {}@{} failed for good (attempt {} of {}); announcing the failure and moving on", tp,
                    offset, attempt, settings.maxAttempts(), t);
            return giveUp(tp, record, job, attempt, t);
        }
    }

    /**
     * The failure is permanent: the job announces it and the record goes to the dead-letter topic. If either cannot
     * be published (the broker is away), the record is delivered again later and given up on again then. If the
     * announcement keeps failing while the dead-letter topic takes the record (a bug in building the answer), the
     * record is dead-lettered without it after as many more deliveries: nothing may jam the partition.
     */
    private Outcome giveUp(TopicPartition tp, ConsumerRecord<String, byte[]> record, Job job, int attempt,
                           Throwable cause) {
        try {
            job.failedPermanently(attempt, permanentReason(attempt, cause));
        } catch (Throwable t) {
            if (attempt < 2 * settings.maxAttempts()) {
                log.error("could not announce the permanent failure of {}@{}; it will be delivered again", tp,
                        record.offset(), t);
                return Outcome.FAILED;
            }
            log.error("could not announce the permanent failure of {}@{} after {} deliveries; dead-lettering it"
                    + " unannounced", tp, record.offset(), attempt, t);
            cause.addSuppressed(t);
        }
        try {
            deadLetters.publish(record, cause);
            return Outcome.GAVE_UP;
        } catch (Throwable t) {
            log.error("could not dead-letter {}@{}; it will be delivered again", tp, record.offset(), t);
            return Outcome.FAILED;
        }
    }

    /** The reason a result event carries: the attempts and the innermost cause, which names what really failed. */
    static String permanentReason(int attempts, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return "failed " + attempts + (attempts == 1 ? " time" : " times") + ", giving up: " + what;
    }

    private void handleCompletions() {
        Completion c;
        while ((c = completions.poll()) != null) {
            complete(c);
        }
    }

    private void complete(Completion c) {
        inFlight.remove(c.partition());
        if (!consumer.assignment().contains(c.partition())) {
            log.info("job for {}@{} ended ({}) after its partition moved; the new owner handles the record",
                    c.partition(), c.offset(), c.outcome());
            return;
        }
        if (c.outcome() == Outcome.FAILED) {
            Attempts previous = failedAttempts.get(c.partition());
            int failed = previous != null && previous.offset() == c.offset() ? previous.failed() + 1 : 1;
            failedAttempts.put(c.partition(), new Attempts(c.offset(), failed));
        } else if (c.outcome() != Outcome.ABORTED) {
            failedAttempts.remove(c.partition());
        }
        switch (c.outcome()) {
            case DONE, GAVE_UP -> {
                pendingCommits.put(c.partition(), new OffsetAndMetadata(c.offset() + 1));
                consumer.seek(c.partition(), c.offset() + 1);
                if (running) {
                    consumer.resume(Set.of(c.partition()));
                }
            }
            case FAILED -> retryLater(c.partition(), c.offset());
            case ABORTED -> consumer.seek(c.partition(), c.offset());
        }
    }

    private void retryLater(TopicPartition tp, long offset) {
        consumer.seek(tp, offset);
        consumer.pause(Set.of(tp));
        retryAt.put(tp, clock.instant().plus(settings.retryBackoff()));
    }

    private void resumeDueRetries() {
        Instant now = clock.instant();
        retryAt.entrySet().removeIf(e -> {
            if (e.getValue().isAfter(now)) {
                return false;
            }
            if (consumer.assignment().contains(e.getKey()) && !inFlight.containsKey(e.getKey())) {
                consumer.resume(Set.of(e.getKey()));
            }
            return true;
        });
    }

    private void commitPending() {
        if (pendingCommits.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> owned = new HashMap<>(pendingCommits);
        owned.keySet().retainAll(consumer.assignment());
        pendingCommits.clear();
        if (!owned.isEmpty()) {
            consumer.commitSync(owned);
        }
    }

    private void drainOnShutdown() {
        consumer.pause(consumer.assignment());
        unstartJobsAndAskRunningOnesToStop();
        Instant deadline = clock.instant().plus(settings.shutdownTimeout());
        while (!inFlight.isEmpty() && clock.instant().isBefore(deadline)) {
            pollOnce();
        }
        if (!inFlight.isEmpty()) {
            log.warn("shutdown timeout reached with {} job(s) running: aborting them", inFlight.size());
            abortAll();
            Instant abortDeadline = clock.instant().plusSeconds(20);
            while (!inFlight.isEmpty() && clock.instant().isBefore(abortDeadline)) {
                pollOnce();
            }
        }
        handleCompletions();
        commitPending();
    }

    /**
     * Jobs still waiting for a worker are taken back (their records are redelivered, as after an abort), and the
     * running ones are told to start nothing new: so a stop waits for the work under way, not for a backlog or for
     * a job sleeping before its next retry.
     */
    private void unstartJobsAndAskRunningOnesToStop() {
        List<Runnable> unstarted = new ArrayList<>();
        waiting.drainTo(unstarted);
        for (Runnable r : unstarted) {
            Queued q = (Queued) r;
            completions.add(new Completion(q.partition(), q.offset(), Outcome.ABORTED));
        }
        if (!unstarted.isEmpty()) {
            log.info("stopping: {} job(s) that had not started are left for the next owner", unstarted.size());
        }
        for (InFlight f : inFlight.values()) {
            try {
                f.job().stopping();
            } catch (RuntimeException e) {
                log.warn("a job failed to take the stop request: {}", e.toString());
            }
        }
    }

    private void abortAll() {
        inFlight.values().forEach(f -> f.job().abort());
    }

    /** Runs on the poll thread inside {@code poll()}. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty()) {
                return;
            }
            assigned = Set.copyOf(consumer.assignment().stream().filter(tp -> !revoked.contains(tp)).toList());
            revocations.addAndGet(revoked.size());
            awaitJobsOf(revoked);
            commitPending();
            retryAt.keySet().removeAll(revoked);
            failedAttempts.keySet().removeAll(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            assigned = Set.of();
            revocations.addAndGet(lost.size());
            pendingCommits.keySet().removeAll(lost);
            retryAt.keySet().removeAll(lost);
            failedAttempts.keySet().removeAll(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> newlyAssigned) {
            List<TopicPartition> busy = new ArrayList<>();
            for (TopicPartition tp : newlyAssigned) {
                if (inFlight.containsKey(tp)) {
                    busy.add(tp);
                } else {
                    resolvePosition(tp);
                }
            }
            assigned = Set.copyOf(consumer.assignment());
            assignedAt = clock.instant();
            if (!busy.isEmpty()) {
                log.info("partitions {} came back while their jobs still run: kept paused", busy);
                consumer.pause(busy);
            }
        }

        /**
         * Fixes where a newly assigned partition starts (its committed offset, else {@code auto.offset.reset}) before
         * the consumer reports ready: resolved lazily, a reset to "latest" could land after a record produced
         * meanwhile and skip it. Bounded; on timeout the position is left to the next fetch, as before.
         */
        private void resolvePosition(TopicPartition tp) {
            try {
                consumer.position(tp, POSITION_TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("position of {} not known yet ({}); it is resolved on the next fetch", tp, e.toString());
            }
        }

        /** Gives running jobs of revoked partitions a bounded chance to finish, so their offsets commit here. */
        private void awaitJobsOf(Collection<TopicPartition> revoked) {
            Instant deadline = clock.instant().plus(settings.revokeWait());
            while (revoked.stream().anyMatch(inFlight::containsKey) && clock.instant().isBefore(deadline)) {
                try {
                    Completion c = completions.poll(100, TimeUnit.MILLISECONDS);
                    if (c != null) {
                        complete(c);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
