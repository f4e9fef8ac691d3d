package com.aquastream.backup.worker;

import static com.aquastream.backup.worker.WorkerFixtures.aManualRequestAt;
import static com.aquastream.backup.worker.WorkerFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** More worker instances share the work; a dedicated pool takes a heavy schema off the default pool. */
class WorkerScalingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path store;

    static TestDatabase source;
    static EventCollector events;

    @BeforeAll
    static void createSource() {
        source = TestDatabases.create();
        SixSchemas.populate(source, 50);
        events = new EventCollector(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED);
    }

    @AfterAll
    static void dropSource() {
        events.close();
        source.close();
    }

    @Test
    void twoInstancesInOneGroupSplitThePartitionsAndRunEveryRequestOnce() {
        Map<String, Object> settings = new HashMap<>(WorkerFixtures.workerFor(source.name(), store));
        try (WorkerInstance first = WorkerInstance.start(settings);
             WorkerInstance second = WorkerInstance.start(settings)) {
            await().atMost(TIMEOUT).until(() -> first.consumer().assignedPartitions().size()
                    + second.consumer().assignedPartitions().size() == TestKafka.PARTITIONS
                    && !first.consumer().assignedPartitions().isEmpty()
                    && !second.consumer().assignedPartitions().isEmpty()
                    && first.consumer().isReady() && second.consumer().isReady());
            List<BackupRequested> requests = new ArrayList<>();
            Instant slot = Instant.now().minusSeconds(7200);
            for (String schema : SixSchemas.NAMES) {
                requests.add(aManualRequestAt(source.name(), schema, slot));
                requests.add(aManualRequestAt(source.name(), schema, slot.plusSeconds(1)));
            }

            requests.forEach(WorkerFixtures::send);

            for (BackupRequested r : requests) {
                events.await(BackupCompleted.class, BackupCompleted::requestId, r.requestId(), TIMEOUT);
            }
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> requests.stream()
                    .allMatch(r -> events.of(BackupCompleted.class, BackupCompleted::requestId, r.requestId())
                            .size() == 1));
            assertThat(completedBy(first)).isEqualTo(expectedFor(first, requests));
            assertThat(completedBy(second)).isEqualTo(expectedFor(second, requests));
            assertThat(completedBy(first) + completedBy(second)).isEqualTo(requests.size());
            assertThat(first.consumer().revocations() + second.consumer().revocations())
                    .as("only the first instance's hand-over of half its partitions")
                    .isLessThanOrEqualTo(TestKafka.PARTITIONS);
        }
    }

    @Test
    void aDedicatedPoolTakesItsSchemaAndTheDefaultPoolLeavesItAlone() {
        Map<String, Object> defaultPool = new HashMap<>(WorkerFixtures.workerFor(source.name(), store));
        defaultPool.put("backup.worker.excluded-schemas", "payment");
        Map<String, Object> paymentPool = new HashMap<>(WorkerFixtures.workerFor(source.name(), store));
        paymentPool.put("backup.worker.pool", "it-payment-" + source.name());
        paymentPool.put("backup.worker.only-schemas", "payment");
        try (WorkerInstance general = WorkerInstance.start(defaultPool);
             WorkerInstance dedicated = WorkerInstance.start(paymentPool)) {
            Instant slot = Instant.now().minusSeconds(3 * 3600);
            BackupRequested payment = aManualRequestAt(source.name(), "payment", slot);
            BackupRequested user = aManualRequestAt(source.name(), "user", slot);

            send(payment);
            send(user);

            events.await(BackupCompleted.class, BackupCompleted::requestId, payment.requestId(), TIMEOUT);
            events.await(BackupCompleted.class, BackupCompleted::requestId, user.requestId(), TIMEOUT);
            assertThat(completedBy(dedicated, "payment")).isEqualTo(1);
            assertThat(completedBy(dedicated, "user")).isZero();
            assertThat(completedBy(general, "payment")).isZero();
            assertThat(completedBy(general, "user")).isEqualTo(1);
        }
    }

    private static long expectedFor(WorkerInstance worker, List<BackupRequested> requests) {
        Set<TopicPartition> owned = new HashSet<>(worker.consumer().assignedPartitions());
        return requests.stream().filter(r -> owned.contains(partitionOf(r))).count();
    }

    /** Kafka's default partitioner for keyed records: murmur2 of the key modulo the partition count. */
    private static TopicPartition partitionOf(BackupRequested r) {
        byte[] key = (r.database() + "." + r.schema()).getBytes(StandardCharsets.UTF_8);
        return new TopicPartition(Topics.BACKUP_REQUESTED, Utils.toPositive(Utils.murmur2(key)) % TestKafka.PARTITIONS);
    }

    private static long completedBy(WorkerInstance worker) {
        return SixSchemas.NAMES.stream().mapToLong(s -> completedBy(worker, s)).sum();
    }

    private static long completedBy(WorkerInstance worker, String schema) {
        Counter c = worker.context().getBean(MeterRegistry.class).find("backup.worker.backups")
                .tags("schema", schema, "outcome", "completed").counter();
        return c == null ? 0 : (long) c.count();
    }
}
