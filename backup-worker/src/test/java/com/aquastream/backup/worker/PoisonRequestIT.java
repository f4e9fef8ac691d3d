package com.aquastream.backup.worker;

import static com.aquastream.backup.worker.WorkerFixtures.aManualRequestAt;
import static com.aquastream.backup.worker.WorkerFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.consumer.DeadLetterPublisher;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.worker.backup.AbortSignal;
import com.aquastream.backup.worker.backup.BackupPlan;
import com.aquastream.backup.worker.backup.SchemaArchiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * No request can jam its partition: a request whose job throws an unexpected exception on every delivery (a bug, as
 * the quoted table name {@code "LoginHistory"} once was) sits in front of good requests of the same schema, so on the
 * same partition. It is given up on after its bounded attempts with {@code backup.failed} ({@code retryable=false})
 * and a dead letter, and the requests behind it complete. The worker, Kafka, PostgreSQL and pg_dump are real; the
 * bug is injected by wrapping the real archiver.
 */
class PoisonRequestIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Requests whose archiving throws, as a bug would. */
    static final Set<UUID> POISONED = ConcurrentHashMap.newKeySet();

    @TempDir
    static Path store;

    static TestDatabase source;
    static WorkerInstance worker;
    static EventCollector events;

    @BeforeAll
    static void startWorker() {
        source = TestDatabases.create();
        SixSchemas.populate(source, 20);
        events = new EventCollector(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED,
                Topics.deadLetterOf(Topics.BACKUP_REQUESTED));
        Map<String, Object> settings = new HashMap<>(WorkerFixtures.workerFor(source.name(), store));
        settings.put("backup.platform.consumer.max-attempts", "3");
        settings.put("backup.platform.consumer.redelivery-backoff", "500ms");
        worker = WorkerInstance.start(settings, BuggyArchiver.class);
    }

    @AfterAll
    static void stop() {
        worker.close();
        events.close();
        source.close();
    }

    @Test
    void aPoisonRequestEndsInBackupFailedAndADeadLetterAndTheRequestsBehindItComplete() {
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BackupRequested poison = aManualRequestAt(source.name(), "user", slot);
        BackupRequested behind = aManualRequestAt(source.name(), "user", slot.plusSeconds(1));
        BackupRequested other = aManualRequestAt(source.name(), "crew", slot);
        POISONED.add(poison.requestId());

        send(poison);
        send(behind);
        send(other);

        BackupCompleted completedBehind = events.await(BackupCompleted.class, BackupCompleted::requestId,
                behind.requestId(), TIMEOUT);
        events.await(BackupCompleted.class, BackupCompleted::requestId, other.requestId(), TIMEOUT);
        BackupFailed failed = events.await(BackupFailed.class, BackupFailed::requestId, poison.requestId(), TIMEOUT);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.reason()).isEqualTo("failed 3 times, giving up: IllegalStateException: "
                + "a bug in archiving request " + poison.requestId());
        assertThat(completedBehind.occurredAt()).isAfter(failed.occurredAt());
        await().atMost(TIMEOUT).until(() -> !events.deadLetters().isEmpty());
        ConsumerRecord<String, byte[]> dead = events.deadLetters().get(0);
        assertThat(new EventCodec().decode(dead.value(), BackupRequested.class).requestId())
                .isEqualTo(poison.requestId());
        assertThat(EventCollector.header(dead, DeadLetterPublisher.EXCEPTION_MESSAGE)).contains("a bug in archiving");
        assertThat(events.of(BackupCompleted.class, BackupCompleted::requestId, poison.requestId())).isEmpty();
    }

    /** The worker's own archiver, throwing for the poisoned requests. */
    @Configuration(proxyBeanMethods = false)
    static class BuggyArchiver {

        @Bean
        @Primary
        SchemaArchiver buggyArchiver(@Qualifier("schemaArchiver") SchemaArchiver real) {
            return (BackupPlan plan, AbortSignal abort) -> {
                if (POISONED.contains(plan.requestId())) {
                    throw new IllegalStateException("a bug in archiving request " + plan.requestId());
                }
                return real.archive(plan, abort);
            };
        }
    }
}
