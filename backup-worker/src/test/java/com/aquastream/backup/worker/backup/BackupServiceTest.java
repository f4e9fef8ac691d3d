package com.aquastream.backup.worker.backup;

import static com.aquastream.backup.worker.backup.BackupFixtures.aRequest;
import static com.aquastream.backup.worker.backup.BackupFixtures.aScheduledRequestFor;
import static com.aquastream.backup.worker.backup.BackupFixtures.anArchive;
import static com.aquastream.backup.worker.backup.BackupFixtures.anArchiveStartedAt;
import static com.aquastream.backup.worker.backup.BackupFixtures.noContention;
import static com.aquastream.backup.worker.backup.BackupFixtures.theManualsSixSchemas;
import static com.aquastream.backup.worker.backup.BackupFixtures.threeQuickAttempts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.consumer.JobAbortedException;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.worker.backup.BackupFixtures.InMemoryManifests;
import com.aquastream.backup.worker.backup.BackupFixtures.RecordingEvents;
import com.aquastream.backup.worker.backup.BackupFixtures.ScriptedArchiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupServiceTest {

    private final RecordingEvents events = new RecordingEvents();
    private final InMemoryManifests manifests = new InMemoryManifests();
    private final Clock clock = Clock.fixed(Instant.parse("2025-08-18T02:00:30Z"), ZoneOffset.UTC);

    @Test
    void publishesBackupCompletedWithTheArchiveAndTheManualsDailyName() throws Exception {
        ScriptedArchiver archiver = new ScriptedArchiver(anArchive());
        BackupRequested request = aScheduledRequestFor("user");

        serviceWith(archiver).accept(request).run();

        BackupCompleted completed = events.completed().get(0);
        assertThat(completed.requestId()).isEqualTo(request.requestId());
        assertThat(completed.objects()).containsExactly(
                new StoredObject(Tier.DAILY, "postgres/aquastream/user_20250818.dump.gz"));
        assertThat(completed.sizeBytes()).isEqualTo(1234);
        assertThat(completed.sha256()).isEqualTo("ab".repeat(32));
        assertThat(completed.tableRowCounts()).containsEntry("accounts", 10L);
        assertThat(completed.store()).isEqualTo("filesystem");
        assertThat(completed.compression()).isEqualTo("gzip");
        assertThat(events.failed()).isEmpty();
    }

    @Test
    void storesOneDumpUnderEveryTierOfASundayThatIsTheFirstOfTheMonth() throws Exception {
        ScriptedArchiver archiver = new ScriptedArchiver(anArchive());
        Instant sundayFirst = Instant.parse("2025-06-01T02:00:00Z");
        BackupRequested request = aRequest("aquastream", "event", List.of(), Trigger.SCHEDULE, sundayFirst);

        serviceWith(archiver).accept(request).run();

        assertThat(archiver.calls).hasSize(1);
        assertThat(archiver.calls.get(0).keys()).containsExactly(
                "postgres/aquastream/event_20250601.dump.gz",
                "postgres/aquastream/weekly_event_2025-22.dump.gz",
                "postgres/aquastream/monthly_event_2025-06.dump.gz");
    }

    @Test
    void retriesATransientFailureAndThenSucceeds() throws Exception {
        ScriptedArchiver archiver = new ScriptedArchiver(
                new ArchiveOutcome.Failed("connection refused", true), anArchive());

        serviceWith(archiver).accept(aScheduledRequestFor("crew")).run();

        assertThat(archiver.calls).hasSize(2);
        assertThat(events.completed()).hasSize(1);
        assertThat(events.failed()).isEmpty();
    }

    @Test
    void publishesBackupFailedAfterTheLastRetry() throws Exception {
        ScriptedArchiver archiver = new ScriptedArchiver(
                new ArchiveOutcome.Failed("s3 down", true),
                new ArchiveOutcome.Failed("s3 down", true),
                new ArchiveOutcome.Failed("s3 down", true));

        serviceWith(archiver).accept(aScheduledRequestFor("crew")).run();

        assertThat(archiver.calls).hasSize(3);
        BackupFailed failed = events.failed().get(0);
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.reason()).contains("s3 down");
        assertThat(events.completed()).isEmpty();
    }

    @Test
    void doesNotRetryAPermanentFailure() throws Exception {
        ScriptedArchiver archiver = new ScriptedArchiver(new ArchiveOutcome.Failed("schema gone", false));

        serviceWith(archiver).accept(aScheduledRequestFor("media")).run();

        assertThat(archiver.calls).hasSize(1);
        assertThat(events.failed()).singleElement().satisfies(f -> {
            assertThat(f.attempt()).isEqualTo(1);
            assertThat(f.retryable()).isFalse();
        });
    }

    @Test
    void announcesAStoredBackupAgainInsteadOfDumpingTwice() throws Exception {
        ScriptedArchiver archiver = new ScriptedArchiver(anArchive(), anArchive());
        BackupService service = serviceWith(archiver);
        BackupRequested request = aScheduledRequestFor("payment");

        service.accept(request).run();
        service.accept(request).run();

        assertThat(archiver.calls).hasSize(1);
        assertThat(events.completed()).hasSize(2);
        assertThat(events.completed().get(1)).isEqualTo(events.completed().get(0));
    }

    @Test
    void refusesWithoutRetryingAKeyThatHoldsAnotherRequestsBackup() throws Exception {
        ScriptedArchiver archiver = new ScriptedArchiver(anArchive(), anArchive());
        BackupService service = serviceWith(archiver);
        BackupRequested first = aScheduledRequestFor("event");
        BackupRequested sameSlotOtherRequest = aScheduledRequestFor("event");
        service.accept(first).run();

        service.accept(sameSlotOtherRequest).run();

        assertThat(archiver.calls).hasSize(1);
        assertThat(events.failed()).singleElement().satisfies(f -> {
            assertThat(f.requestId()).isEqualTo(sameSlotOtherRequest.requestId());
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).contains("refusing to overwrite postgres/aquastream/event_20250818.dump.gz")
                    .contains(first.requestId().toString());
        });
        assertThat(manifests.byKey.get("postgres/aquastream/event_20250818.dump.gz").requestId())
                .isEqualTo(first.requestId());
    }

    @Test
    void replacesAWeeksCopyWithTheNewerBackupOfTheWeekAsTheCatalogPlansIt() throws Exception {
        Instant monday = Instant.parse("2025-08-11T02:00:00Z");
        Instant sunday = Instant.parse("2025-08-17T02:00:00Z");
        ScriptedArchiver archiver = new ScriptedArchiver(anArchiveStartedAt(monday), anArchiveStartedAt(sunday));
        BackupService service = serviceWith(archiver, clockAt(sunday.plusSeconds(30)));
        service.accept(aRequest("aquastream", "crew", List.of(Tier.DAILY, Tier.WEEKLY), Trigger.SCHEDULE, monday))
                .run();
        BackupRequested sundaysSchedule = aRequest("aquastream", "crew", List.of(), Trigger.SCHEDULE, sunday);

        service.accept(sundaysSchedule).run();

        assertThat(archiver.calls).hasSize(2);
        assertThat(events.failed()).isEmpty();
        assertThat(manifests.byKey.get("postgres/aquastream/weekly_crew_2025-33.dump.gz").requestId())
                .isEqualTo(sundaysSchedule.requestId());
    }

    @Test
    void refusesAMonthlyRequestForAPastMonthWhoseCopyExistsWithoutDumping() throws Exception {
        Instant augustFirst = Instant.parse("2025-08-01T02:00:00Z");
        Instant septemberFirst = Instant.parse("2025-09-01T02:00:00Z");
        ScriptedArchiver archiver = new ScriptedArchiver(anArchiveStartedAt(augustFirst),
                anArchiveStartedAt(septemberFirst), anArchive());
        BackupService service = serviceWith(archiver, clockAt(Instant.parse("2025-09-15T01:00:00Z")));
        BackupRequested august = aRequest("aquastream", "user", List.of(Tier.DAILY, Tier.MONTHLY), Trigger.SCHEDULE,
                augustFirst);
        service.accept(august).run();
        service.accept(aRequest("aquastream", "user", List.of(Tier.DAILY, Tier.MONTHLY), Trigger.SCHEDULE,
                septemberFirst)).run();
        BackupRequested forged = aRequest("aquastream", "user", List.of(Tier.MONTHLY), Trigger.MANUAL,
                Instant.parse("2025-08-31T23:00:00Z"));

        service.accept(forged).run();

        assertThat(archiver.calls).hasSize(2);
        assertThat(events.failed()).singleElement().satisfies(f -> {
            assertThat(f.requestId()).isEqualTo(forged.requestId());
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).startsWith("refusing to rewrite history: postgres/aquastream/monthly_user_2025-08")
                    .contains("monthly_user_2025-09");
        });
        assertThat(manifests.byKey.get("postgres/aquastream/monthly_user_2025-08.dump.gz").requestId())
                .isEqualTo(august.requestId());
    }

    @Test
    void replacesAWeeksCopyInASimulatedPastCalendarWhileNoLaterWeekHasOne() throws Exception {
        Instant wednesday = Instant.parse("2025-05-21T02:00:00Z");
        Instant sunday = Instant.parse("2025-05-25T02:00:00Z");
        ScriptedArchiver archiver = new ScriptedArchiver(anArchiveStartedAt(Instant.parse("2026-12-07T01:00:00Z")),
                anArchiveStartedAt(Instant.parse("2026-12-07T01:01:00Z")));
        BackupService service = serviceWith(archiver, clockAt(Instant.parse("2026-12-07T01:02:00Z")));
        service.accept(aRequest("aquastream", "crew", List.of(Tier.DAILY, Tier.WEEKLY), Trigger.SCHEDULE, wednesday))
                .run();
        BackupRequested sundaysSchedule = aRequest("aquastream", "crew", List.of(Tier.DAILY, Tier.WEEKLY),
                Trigger.SCHEDULE, sunday);

        service.accept(sundaysSchedule).run();

        assertThat(events.failed()).isEmpty();
        assertThat(manifests.byKey.get("postgres/aquastream/weekly_crew_2025-21.dump.gz").requestId())
                .isEqualTo(sundaysSchedule.requestId());
        assertThat(manifests.byKey.get("postgres/aquastream/weekly_crew_2025-21.dump.gz").scheduledFor())
                .isEqualTo(sunday);
    }

    @Test
    void refusesAWeeklyRequestOfAnEarlierSlotThanTheWeeksCopy() throws Exception {
        Instant sunday = Instant.parse("2025-08-17T02:00:00Z");
        ScriptedArchiver archiver = new ScriptedArchiver(anArchiveStartedAt(sunday), anArchive());
        BackupService service = serviceWith(archiver, clockAt(sunday.plusSeconds(60)));
        service.accept(aRequest("aquastream", "crew", List.of(Tier.WEEKLY), Trigger.SCHEDULE, sunday)).run();
        BackupRequested replayedMonday = aRequest("aquastream", "crew", List.of(Tier.WEEKLY), Trigger.SCHEDULE,
                Instant.parse("2025-08-11T02:00:00Z"));

        service.accept(replayedMonday).run();

        assertThat(archiver.calls).hasSize(1);
        assertThat(events.failed()).singleElement().satisfies(f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).startsWith("refusing to rewrite history: postgres/aquastream/weekly_crew_2025-33");
        });
    }

    @Test
    void rejectsARequestWhoseSlotLiesInTheFutureBeyondTheClockSkew() {
        ScriptedArchiver archiver = new ScriptedArchiver(anArchive());
        BackupRequested farFuture = aRequest("aquastream", "user", List.of(Tier.DAILY), Trigger.SCHEDULE,
                Instant.parse("2099-01-01T02:00:00Z"));

        assertThatThrownBy(() -> serviceWith(archiver).accept(farFuture))
                .isInstanceOf(RejectedRequestException.class).hasMessageContaining("lies in the future");

        assertThat(archiver.calls).isEmpty();
        assertThat(events.failed()).singleElement().satisfies(f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).startsWith("rejected: slot 2099-01-01T02:00:00Z lies in the future");
        });
    }

    @Test
    void acceptsACatchUpRequestForAPastSlotWhoseKeysAreFree() throws Exception {
        ScriptedArchiver archiver = new ScriptedArchiver(anArchive());
        BackupRequested lastYear = aRequest("aquastream", "user", List.of(Tier.DAILY, Tier.MONTHLY), Trigger.SCHEDULE,
                Instant.parse("2024-06-01T02:00:00Z"));

        serviceWith(archiver).accept(lastYear).run();

        assertThat(events.failed()).isEmpty();
        assertThat(events.completed().get(0).objects()).extracting(StoredObject::key).containsExactly(
                "postgres/aquastream/user_20240601.dump.gz", "postgres/aquastream/monthly_user_2024-06.dump.gz");
    }

    @Test
    void givesAManualBackupWhoseSecondIsTakenTheNextFreeNameInsteadOfOverwritingTheOther() throws Exception {
        ScriptedArchiver archiver = new ScriptedArchiver(anArchive(), anArchive(), anArchive());
        Instant second = Instant.parse("2025-08-18T10:15:30Z");
        BackupService service = serviceWith(archiver, clockAt(second.plusSeconds(1)));
        BackupRequested backup = aRequest("aquastream", "crew", List.of(Tier.MANUAL), Trigger.MANUAL, second);
        BackupRequested safety = aRequest("aquastream", "crew", List.of(Tier.PRE_RESTORE), Trigger.PRE_RESTORE,
                second);
        service.accept(backup).run();

        service.accept(safety).run();
        service.accept(safety).run();

        assertThat(archiver.calls).hasSize(2);
        assertThat(events.failed()).isEmpty();
        assertThat(manifests.byKey.get("postgres/aquastream/manual_crew_20250818T101530Z.dump.gz").requestId())
                .isEqualTo(backup.requestId());
        assertThat(manifests.byKey.get("postgres/aquastream/manual_crew_20250818T101531Z.dump.gz").requestId())
                .isEqualTo(safety.requestId());
        assertThat(events.completed()).filteredOn(c -> c.requestId().equals(safety.requestId()))
                .hasSize(2).allSatisfy(c -> assertThat(c.objects().get(0).key())
                        .isEqualTo("postgres/aquastream/manual_crew_20250818T101531Z.dump.gz"));
    }

    @Test
    void abortedBackupPublishesNothingAndIsLeftForRedelivery() {
        SchemaArchiver aborting = (plan, abort) -> new ArchiveOutcome.Aborted();
        Job job = serviceWith(aborting).accept(aScheduledRequestFor("user"));

        assertThatThrownBy(job::run).isInstanceOf(JobAbortedException.class);

        assertThat(events.published).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user; drop table x", "../etc", "us\"er", "User", "", "a b"})
    void rejectsSchemaNamesThatAreNotPlainIdentifiersBeforeAnyWork(String hostile) {
        ScriptedArchiver archiver = new ScriptedArchiver(anArchive());
        BackupRequested request = aRequest("aquastream", hostile, List.of(Tier.MANUAL), Trigger.MANUAL, Instant.now());

        assertThatThrownBy(() -> serviceWith(archiver).accept(request)).isInstanceOf(RejectedRequestException.class);

        assertThat(archiver.calls).isEmpty();
        assertThat(events.failed()).singleElement().satisfies(f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).startsWith("rejected:");
        });
    }

    @Test
    void rejectsASchemaThatIsNotConfigured() {
        BackupRequested request = aScheduledRequestFor("billing");

        assertThatThrownBy(() -> serviceWith(new ScriptedArchiver()).accept(request))
                .isInstanceOf(RejectedRequestException.class)
                .hasMessageContaining("not configured");

        assertThat(events.failed()).hasSize(1);
    }

    @Test
    void leavesSchemasOfADedicatedPoolAlone() {
        BackupTargets defaultPool = new BackupTargets(Map.of("aquastream", Set.of("user", "payment")), Set.of(),
                Set.of("payment"));
        BackupService service = new BackupService(defaultPool, new ScriptedArchiver(anArchive()), noContention(),
                manifests, events, threeQuickAttempts(), Compression.GZIP, "filesystem", clock);

        Job job = service.accept(aScheduledRequestFor("payment"));

        assertThat(job).isNull();
        assertThat(events.published).isEmpty();
    }

    @Test
    void aStoppingWorkerStartsNoFurtherAttemptAndLeavesTheRequestForRedelivery() throws Exception {
        ScriptedArchiver archiver = new ScriptedArchiver(
                new ArchiveOutcome.Failed("s3 down", true), anArchive());
        BackupService service = new BackupService(theManualsSixSchemas(), archiver, noContention(), manifests,
                events, new RetryPolicy(3, Duration.ofMinutes(10), 1, Duration.ofMinutes(10)), Compression.GZIP,
                "filesystem", clock);
        Job job = service.accept(aScheduledRequestFor("crew"));
        Thread stopper = new Thread(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> archiver.calls.size() == 1);
            job.stopping();
        });
        stopper.start();

        long started = System.nanoTime();
        assertThatThrownBy(job::run).isInstanceOf(JobAbortedException.class).hasMessageContaining("not retried");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
        stopper.join();
        assertThat(archiver.calls).hasSize(1);
        assertThat(events.published).isEmpty();
    }

    private BackupService serviceWith(SchemaArchiver archiver) {
        return serviceWith(archiver, clock);
    }

    private BackupService serviceWith(SchemaArchiver archiver, Clock clock) {
        return new BackupService(theManualsSixSchemas(), archiver, noContention(), manifests, events,
                threeQuickAttempts(), Compression.GZIP, "filesystem", clock);
    }

    private static Clock clockAt(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }
}
