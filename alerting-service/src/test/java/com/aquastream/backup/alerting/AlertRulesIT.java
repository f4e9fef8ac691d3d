package com.aquastream.backup.alerting;

import static com.aquastream.backup.alerting.AlertingInstance.aDatabaseName;
import static com.aquastream.backup.alerting.AlertingInstance.publish;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aCompletedBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aCompletedRestoreOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedReplicationOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedRestoreOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aRejectedRestoreOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aReplicationOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aRequestOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aRestoreCommand;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aCompletedBaseBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aFailedBaseBackupOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aHealthyWalStatusOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aVerificationOf;
import static com.aquastream.backup.alerting.alert.AlertingFixtures.aWalStatusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.events.AlertEvent;
import com.aquastream.backup.events.AlertRaised;
import com.aquastream.backup.events.AlertResolved;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.ReplicationFailed;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.WalStatus;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each rule driven by real events on the real broker fires exactly once and resolves; alerts are collected from
 * {@code alert.raised} / {@code alert.resolved} like an external consumer would. Every test works on its own database
 * name, so tests (and other modules' tests on a shared broker) do not see each other's alerts.
 */
class AlertRulesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final MutableClock clock = MutableClock.ticking(Instant.parse("2025-08-18T02:00:00Z"));
    private static TestDatabase database;
    private static AlertingInstance service;
    private static EventCollector alerts;
    private static EventCollector deadLetters;

    @BeforeAll
    static void startService() {
        database = TestDatabases.create();
        alerts = new EventCollector(Topics.ALERT_RAISED, Topics.ALERT_RESOLVED);
        deadLetters = new EventCollector(Topics.deadLetterOf(Topics.BACKUP_FAILED));
        service = AlertingInstance.start(AlertingInstance.defaults(database, "alerting-service-rules-" + database.name()),
                clock);
    }

    @AfterAll
    static void stopService() {
        service.close();
        alerts.close();
        deadLetters.close();
        database.close();
    }

    @Test
    void raisesBackupFailedOnceAndResolvesItOnTheNextCompletedBackup() {
        String db = aDatabaseName();

        BackupFailed first = aFailedBackupOf(db, "user", UUID.randomUUID(), clock.instant());
        BackupFailed second = aFailedBackupOf(db, "user", UUID.randomUUID(), clock.instant());
        publish(first, second);
        awaitProcessed(first, second);
        publish(aCompletedBackupOf(db, "user", UUID.randomUUID(), 1000, clock.instant()));

        assertRaisedOnceAndResolved(db, "backup-failed");
        assertThat(raised(db, "backup-failed").get(0).severity()).isEqualTo("critical");
        assertThat(raised(db, "backup-failed").get(0).messageKey()).isEqualTo(db + ".user");
    }

    @Test
    void raisesSizeDropOnceAndResolvesItOnANormalSizedBackup() {
        String db = aDatabaseName();
        BackupCompleted first = aCompletedBackupOf(db, "user", UUID.randomUUID(), 100_000, clock.instant());
        publish(first);
        awaitProcessed(first);

        BackupCompleted small = aCompletedBackupOf(db, "user", UUID.randomUUID(), 9_000, clock.instant().plusSeconds(1));
        publish(small);
        awaitProcessed(small);
        publish(aCompletedBackupOf(db, "user", UUID.randomUUID(), 9_000, clock.instant().plusSeconds(2)));

        assertRaisedOnceAndResolved(db, "backup-size-drop");
    }

    @Test
    void raisesRestoreFailedOnceForAFailedAndARejectedRestoreAndResolvesItOnACompletedRestore() {
        String db = aDatabaseName();
        UUID restoreId = UUID.randomUUID();
        RestoreRequested restore = aRestoreCommand(db, "user", restoreId, RestoreMode.RESTORE, clock.instant());
        publish(restore);
        awaitProcessed(restore);

        RestoreFailed failed = aFailedRestoreOf(db, "user", restoreId, clock.instant());
        RestoreRejected rejected = aRejectedRestoreOf(db, "user", UUID.randomUUID(), clock.instant());
        publish(failed, rejected);
        awaitProcessed(failed, rejected);
        publish(aCompletedRestoreOf(db, "user", UUID.randomUUID(), clock.instant()));

        assertRaisedOnceAndResolved(db, "restore-failed");
    }

    @Test
    void raisesVerificationFailedOnceForAFailedVerifyDrillAndResolvesItOnAPassedOne() {
        String db = aDatabaseName();
        UUID restoreId = UUID.randomUUID();
        RestoreRequested verify = aRestoreCommand(db, "user", restoreId, RestoreMode.VERIFY, clock.instant());
        publish(verify);
        awaitProcessed(verify);

        RestoreFailed failed = aFailedRestoreOf(db, "user", restoreId, clock.instant());
        publish(failed);
        awaitProcessed(failed);
        publish(aVerificationOf(db, "user", UUID.randomUUID(), clock.instant()));

        assertRaisedOnceAndResolved(db, "verification-failed");
        assertThat(raised(db, "restore-failed")).isEmpty();
    }

    @Test
    void raisesReplicationFailedOnceAndResolvesItOnASuccessfulCopy() {
        String db = aDatabaseName();
        BackupCompleted weekly = aCompletedBackupOf(db, "user", UUID.randomUUID(), 1000, clock.instant(), Tier.DAILY,
                Tier.WEEKLY);
        publish(weekly);
        awaitProcessed(weekly);

        ReplicationFailed first = aFailedReplicationOf(weekly, clock.instant());
        ReplicationFailed second = aFailedReplicationOf(weekly, clock.instant());
        publish(first, second);
        awaitProcessed(first, second);
        publish(aReplicationOf(weekly, weekly.objects().get(1), clock.instant()));

        assertRaisedOnceAndResolved(db, "replication-failed");
    }

    @Test
    void raisesReplicationLagOnceWhenAWeeklyObjectIsNotCopiedInTimeAndResolvesWhenItIs() {
        String db = aDatabaseName();
        BackupCompleted weekly = aCompletedBackupOf(db, "user", UUID.randomUUID(), 1000, clock.instant(), Tier.DAILY,
                Tier.WEEKLY);
        publish(weekly);
        awaitProcessed(weekly);

        clock.advance(Duration.ofHours(6).plusMinutes(1));
        awaitRaised(db, "replication-lag");
        publish(aReplicationOf(weekly, weekly.objects().get(1), clock.instant()));

        assertRaisedOnceAndResolved(db, "replication-lag");
    }

    @Test
    void raisesRequestUnansweredOnceAfterTheDeadlineAndResolvesItWhenTheAnswerArrives() {
        String db = aDatabaseName();
        UUID requestId = UUID.randomUUID();
        BackupRequested request = aRequestOf(db, "user", requestId, clock.instant());
        publish(request);
        awaitProcessed(request);

        clock.advance(Duration.ofHours(2).plusMinutes(1));
        awaitRaised(db, "request-unanswered");
        publish(aCompletedBackupOf(db, "user", requestId, 1000, clock.instant()));

        assertRaisedOnceAndResolved(db, "request-unanswered");
    }

    @Test
    void raisesChainGapOnceFromAWalStatusNamingMissingSegmentsAndResolvesItOnAWholeChain() {
        String cluster = aDatabaseName();
        WalStatus gap = aWalStatusOf(cluster, clock.instant(), true, 0L,
                List.of("000000010000000000000007", "000000010000000000000009"));
        WalStatus stillThere = aWalStatusOf(cluster, clock.instant().plusMillis(1), true, 0L,
                List.of("000000010000000000000007"));
        publish(gap, stillThere);
        awaitProcessed(gap, stillThere);

        publish(aHealthyWalStatusOf(cluster, clock.instant().plusMillis(2)));

        assertRaisedOnceAndResolved(cluster, "wal-chain-gap");
        AlertRaised raised = raised(cluster, "wal-chain-gap").get(0);
        assertThat(raised.schema()).isEqualTo("pg_cluster");
        assertThat(raised.severity()).isEqualTo("critical");
        assertThat(raised.message()).startsWith("2 WAL segment(s) missing").contains("000000010000000000000007");
    }

    @Test
    void raisesStatusMissingWhenAClusterFallsSilentAndResolvesItOnItsNextHeartbeat() {
        String cluster = aDatabaseName();
        WalStatus heartbeat = aHealthyWalStatusOf(cluster, clock.instant());
        publish(heartbeat);
        awaitProcessed(heartbeat);

        clock.advance(Duration.ofMinutes(6));
        awaitRaised(cluster, "wal-status-missing");
        publish(aHealthyWalStatusOf(cluster, clock.instant()));

        assertRaisedOnceAndResolved(cluster, "wal-status-missing");
    }

    @Test
    void raisesBaseBackupFailedOnceAndResolvesItOnTheNextCompletedBaseBackup() {
        String cluster = aDatabaseName();
        BaseBackupFailed first = aFailedBaseBackupOf(cluster, clock.instant());
        BaseBackupFailed second = aFailedBaseBackupOf(cluster, clock.instant());
        publish(first, second);
        awaitProcessed(first, second);

        publish(aCompletedBaseBackupOf(cluster, clock.instant()));

        assertRaisedOnceAndResolved(cluster, "basebackup-failed");
    }

    @Test
    void deadLettersAMalformedRecordAndAnEventNamingNoPlainSchemaAtOnce() {
        String db = aDatabaseName();
        BackupFailed hostile = aFailedBackupOf(db, "user; drop table alert", UUID.randomUUID(), clock.instant());
        String garbage = "{\"not\": \"an event of " + db + "\"}";

        publish(hostile);
        publishRaw(Topics.BACKUP_FAILED, db + ".user", garbage);

        // At once: a retried record would be delivered again only after the redelivery backoff (1 min).
        await().atMost(TIMEOUT).until(() -> deadLettered(hostile.eventId().toString()) && deadLettered(garbage));
        assertThat(service.jdbc().sql("select count(*) from processed_event where event_id = ?")
                .param(hostile.eventId()).query(Long.class).single()).isZero();
        assertThat(raised(db, "backup-failed")).isEmpty();
    }

    private static void publishRaw(String topic, String key, String value) {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(topic, key, value.getBytes(UTF_8)));
            producer.flush();
        }
    }

    private static boolean deadLettered(String containing) {
        return deadLetters.deadLetters().stream().map(ConsumerRecord::value)
                .anyMatch(value -> value != null && new String(value, UTF_8).contains(containing));
    }

    /** Waits until the service consumed the event (it is in its idempotency table), e.g. before the clock moves. */
    private static void awaitProcessed(Event... events) {
        for (Event event : events) {
            await().atMost(TIMEOUT).until(() -> service.jdbc()
                    .sql("select count(*) from processed_event where event_id = ?")
                    .param(event.eventId()).query(Long.class).single() == 1);
        }
    }

    private static void awaitRaised(String db, String rule) {
        await().atMost(TIMEOUT).until(() -> !raised(db, rule).isEmpty());
    }

    private static void assertRaisedOnceAndResolved(String db, String rule) {
        await().atMost(TIMEOUT).until(() -> !resolved(db, rule).isEmpty());
        // A few more evaluation ticks: a duplicate would show up now.
        await().pollDelay(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> true);
        List<AlertRaised> raised = raised(db, rule);
        List<AlertResolved> resolved = resolved(db, rule);
        assertThat(raised).hasSize(1);
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).alertId()).isEqualTo(raised.get(0).alertId());
        assertThat(resolved.get(0).firstSeenAt()).isEqualTo(raised.get(0).firstSeenAt());
    }

    private static List<AlertRaised> raised(String db, String rule) {
        return alerts.all(AlertRaised.class).stream().filter(a -> matches(a, db) && a.rule().equals(rule)).toList();
    }

    private static List<AlertResolved> resolved(String db, String rule) {
        return alerts.all(AlertResolved.class).stream().filter(a -> matches(a, db) && a.rule().equals(rule)).toList();
    }

    private static boolean matches(AlertEvent alert, String db) {
        return alert.database().equals(db);
    }
}
