package com.aquastream.backup.worker;

import static com.aquastream.backup.worker.WorkerFixtures.aManualRequest;
import static com.aquastream.backup.worker.WorkerFixtures.aManualRequestAt;
import static com.aquastream.backup.worker.WorkerFixtures.pgDumpProcessesOf;
import static com.aquastream.backup.worker.WorkerFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.worker.backup.BackupPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps that outlast the consumer's poll interval, get killed, or are running when the worker shuts down. A table
 * lock held by the test keeps the real pg_dump waiting for as long as each case needs.
 */
class LongRunningBackupIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int MAX_POLL_INTERVAL_MS = 4000;

    @TempDir
    static Path store;

    static TestDatabase source;
    static EventCollector events;

    @BeforeAll
    static void createSource() {
        source = TestDatabases.create();
        SixSchemas.populate(source, 50);
        events = new EventCollector(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED);
        // Created before any worker subscribes: a topic born under a worker's first poll can make its "latest"
        // position land after a request sent just then (seen when this class runs first on a fresh broker).
        TestKafka.createTopics(Topics.BACKUP_REQUESTED);
    }

    @AfterAll
    static void dropSource() {
        events.close();
        source.close();
    }

    @Test
    void aDumpLongerThanMaxPollIntervalCausesNoRebalanceAndNoSecondDump() throws Exception {
        try (WorkerInstance worker = WorkerInstance.start(settings("long"))) {
            BackupRequested request = aManualRequest(source.name(), "user");

            try (TableLock lock = TableLock.exclusive(source, "\"user\".sessions")) {
                send(request);
                await().atMost(TIMEOUT).until(() -> pgDumpsWaitingOnALock() == 1);

                await().during(Duration.ofMillis(3L * MAX_POLL_INTERVAL_MS)).atMost(Duration.ofSeconds(30))
                        .until(() -> pgDumps() == 1 && worker.consumer().revocations() == 0
                                && worker.consumer().isRunning());
            }

            events.await(BackupCompleted.class, BackupCompleted::requestId, request.requestId(), TIMEOUT);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    events.of(BackupCompleted.class, BackupCompleted::requestId, request.requestId()).size() == 1);
            assertThat(worker.consumer().revocations()).isZero();
        }
    }

    @Test
    void pgDumpKilledMidDumpLeavesNoObjectAndYieldsBackupFailed() throws Exception {
        try (WorkerInstance worker = WorkerInstance.start(settings("kill"))) {
            BackupRequested request = aManualRequest(source.name(), "crew");

            try (TableLock lock = TableLock.exclusive(source, "crew.members")) {
                send(request);
                await().atMost(TIMEOUT).until(() -> pgDumpsWaitingOnALock() == 1);

                assertThat(pgDumpProcessesOf(source.name())).isEqualTo(1);
                ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains("pg_dump")
                                && p.info().commandLine().orElse("").contains(source.name()))
                        .forEach(ProcessHandle::destroyForcibly);

                BackupFailed failed = events.await(BackupFailed.class, BackupFailed::requestId, request.requestId(),
                        TIMEOUT);
                assertThat(failed.reason()).contains("pg_dump");
                assertThat(failed.retryable()).isTrue();
            }
            assertThat(BackupFlowIT.filesUnder(store)).noneMatch(f -> f.contains("crew"));
            assertThat(events.of(BackupCompleted.class, BackupCompleted::requestId, request.requestId())).isEmpty();
        }
    }

    @Test
    void shutdownAbortsARunningDumpLeavingNothingAndAnotherWorkerRedoesIt() throws Exception {
        Map<String, Object> settings = settings("shutdown");
        BackupRequested warmUp = aManualRequestAt(source.name(), "payment", Instant.now().minusSeconds(3600));
        BackupRequested request = aManualRequest(source.name(), "payment");
        TableLock lock;
        try (WorkerInstance worker = WorkerInstance.start(settings)) {
            // Commits an offset on the partition of payment, so the next worker of the group resumes after it.
            send(warmUp);
            events.await(BackupCompleted.class, BackupCompleted::requestId, warmUp.requestId(), TIMEOUT);
            lock = TableLock.exclusive(source, "payment.payments");
            send(request);
            await().atMost(TIMEOUT).until(() -> pgDumpsWaitingOnALock() == 1);
        }

        assertThat(pgDumpProcessesOf(source.name())).isZero();
        assertThat(events.of(BackupCompleted.class, BackupCompleted::requestId, request.requestId())).isEmpty();
        assertThat(events.of(BackupFailed.class, BackupFailed::requestId, request.requestId())).isEmpty();
        String abortedKey = BackupPlan.of(request, Compression.GZIP).primaryKey();
        assertThat(store.resolve(abortedKey)).doesNotExist();

        lock.close();
        try (WorkerInstance next = WorkerInstance.start(settings)) {
            events.await(BackupCompleted.class, BackupCompleted::requestId, request.requestId(), TIMEOUT);
        }
    }

    @Test
    void aWorkerJvmKilledMidDumpLeavesNoObjectAndTheNextWorkerRedoesTheRequest(@TempDir Path logs)
            throws Exception {
        Map<String, Object> settings = settings("jvm-kill");
        BackupRequested warmUp = aManualRequestAt(source.name(), "notification", Instant.now().minusSeconds(3600));
        BackupRequested request = aManualRequest(source.name(), "notification");
        BackupPlan plan = BackupPlan.of(request, Compression.GZIP);
        try (WorkerInstance worker = WorkerInstance.start(settings)) {
            // Commits an offset on the partition of notification, so the next worker of the group resumes after it.
            send(warmUp);
            events.await(BackupCompleted.class, BackupCompleted::requestId, warmUp.requestId(), TIMEOUT);
        }

        Process doomed = WorkerInstance.startInOwnJvm(settings, logs.resolve("doomed-worker.log"));
        try (TableLock lock = TableLock.exclusive(source, "notification.deliveries")) {
            send(request);
            await().atMost(TIMEOUT).until(() -> pgDumpsWaitingOnALock() == 1);
            await().atMost(TIMEOUT).until(() -> !filesBelow(store.resolve(plan.stagingArea())).isEmpty());

            doomed.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up of any kind
            assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(store.resolve(plan.primaryKey())).doesNotExist();
        assertThat(store.resolve(plan.primaryKey() + ".sha256")).doesNotExist();
        assertThat(filesBelow(store.resolve(plan.stagingArea()))).as("the killed upload's leftovers").isNotEmpty();
        assertThat(events.of(BackupCompleted.class, BackupCompleted::requestId, request.requestId())).isEmpty();

        try (WorkerInstance next = WorkerInstance.start(settings)) {
            BackupCompleted completed = events.await(BackupCompleted.class, BackupCompleted::requestId,
                    request.requestId(), TIMEOUT);

            Path object = store.resolve(completed.objects().get(0).key());
            assertThat(completed.objects().get(0).key()).isEqualTo(plan.primaryKey());
            assertThat(WorkerFixtures.sha256(Files.readAllBytes(object))).isEqualTo(completed.sha256());
            WorkerFixtures.assertSidecarMatches(object);
            assertThat(completed.tableRowCounts()).isEqualTo(SixSchemas.expectedRowCounts("notification", 50));
            assertThat(filesBelow(store.resolve(plan.stagingArea()))).as("staging leftovers").isEmpty();
            assertThat(events.of(BackupFailed.class, BackupFailed::requestId, request.requestId())).isEmpty();
        }
    }

    @Test
    void shutdownLetsADumpThatEndsWithinTheTimeoutFinishAndBeAnnounced() throws Exception {
        Map<String, Object> settings = settings("graceful");
        settings.put("backup.platform.consumer.shutdown-timeout", "60s");
        BackupRequested request = aManualRequest(source.name(), "media");
        TableLock lock = TableLock.exclusive(source, "media.files");
        WorkerInstance worker = WorkerInstance.start(settings);
        send(request);
        await().atMost(TIMEOUT).until(() -> pgDumpsWaitingOnALock() == 1);

        Thread shutdown = new Thread(worker::close, "shutdown");
        shutdown.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !worker.consumer().isRunning());
        assertThat(worker.consumer().jobsInFlight()).isEqualTo(1);
        lock.close();
        shutdown.join(TimeUnit.SECONDS.toMillis(90));

        assertThat(shutdown.isAlive()).isFalse();
        BackupCompleted completed = events.await(BackupCompleted.class, BackupCompleted::requestId,
                request.requestId(), TIMEOUT);
        assertThat(store.resolve(completed.objects().get(0).key())).exists();
    }

    private Map<String, Object> settings(String name) {
        Map<String, Object> settings = new HashMap<>(WorkerFixtures.workerFor(source.name(), store));
        settings.put("backup.worker.pool", "it-" + name + "-" + source.name());
        settings.put("backup.platform.consumer.max-poll-interval-ms", Integer.toString(MAX_POLL_INTERVAL_MS));
        settings.put("backup.platform.consumer.revoke-wait", "1s");
        settings.put("backup.platform.consumer.shutdown-timeout", "2s");
        settings.put("backup.worker.retry.max-attempts", "1");
        return settings;
    }

    /** Every regular file below {@code dir}, hidden temp files of interrupted uploads included. */
    private static List<Path> filesBelow(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private long pgDumps() {
        return source.queryLong("select count(*) from pg_stat_activity where application_name = 'pg_dump'"
                + " and datname = '" + source.name() + "'");
    }

    private long pgDumpsWaitingOnALock() {
        return source.queryLong("select count(*) from pg_stat_activity where application_name = 'pg_dump'"
                + " and datname = '" + source.name() + "' and wait_event_type = 'Lock'");
    }

}
