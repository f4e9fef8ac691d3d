package com.aquastream.backup.worker;

import static com.aquastream.backup.worker.WorkerFixtures.aManualRequest;
import static com.aquastream.backup.worker.WorkerFixtures.aScheduledRequest;
import static com.aquastream.backup.worker.WorkerFixtures.assertSidecarMatches;
import static com.aquastream.backup.worker.WorkerFixtures.restoreWithStandardTools;
import static com.aquastream.backup.worker.WorkerFixtures.send;
import static com.aquastream.backup.worker.WorkerFixtures.sendRaw;
import static com.aquastream.backup.worker.WorkerFixtures.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.consumer.DeadLetterPublisher;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup path end to end on the filesystem store: real Kafka, real PostgreSQL, pg_dump, standard-tool restores. */
class BackupFlowIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int ROWS = 300;

    @TempDir
    static Path store;

    static TestDatabase source;
    static WorkerInstance worker;
    static EventCollector events;

    @BeforeAll
    static void startWorker() {
        source = TestDatabases.create();
        SixSchemas.populate(source, ROWS);
        events = new EventCollector(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED,
                Topics.deadLetterOf(Topics.BACKUP_REQUESTED));
        worker = WorkerInstance.start(WorkerFixtures.workerFor(source.name(), store, "scratch"));
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
        if (events != null) {
            events.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void backsUpTheSixSchemasSoThatStandardToolsRestoreTheRecordedRowCounts() throws Exception {
        List<BackupRequested> requests = SixSchemas.NAMES.stream().map(s -> aManualRequest(source.name(), s)).toList();

        requests.forEach(WorkerFixtures::send);

        for (BackupRequested request : requests) {
            BackupCompleted completed = events.await(BackupCompleted.class, BackupCompleted::requestId,
                    request.requestId(), TIMEOUT);
            assertThat(completed.objects()).singleElement().satisfies(o -> {
                assertThat(o.tier()).isEqualTo(Tier.MANUAL);
                assertThat(o.key()).matches("postgres/" + source.name() + "/manual_" + request.schema()
                        + "_\\d{8}T\\d{6}Z\\.dump\\.gz");
            });
            Path object = store.resolve(completed.objects().get(0).key());
            byte[] stored = Files.readAllBytes(object);
            assertThat(completed.sha256()).isEqualTo(sha256(stored));
            assertThat(completed.sizeBytes()).isEqualTo(stored.length);
            assertThat(completed.tableRowCounts())
                    .isEqualTo(SixSchemas.expectedRowCounts(request.schema(), ROWS))
                    .isEqualTo(source.rowCounts(request.schema()));
            assertThat(completed.serverVersion()).startsWith("15");
            assertThat(completed.toolVersion()).contains("pg_dump");
            assertSidecarMatches(object);

            try (TestDatabase fresh = TestDatabases.create()) {
                assertThat(restoreWithStandardTools(object, fresh.name())).isEmpty();
                assertThat(fresh.rowCounts(request.schema())).isEqualTo(completed.tableRowCounts());
            }
        }
    }

    @Test
    void announcesWithTheContractsKeyAndCloudEventsHeaders() {
        BackupRequested request = aManualRequest(source.name(), "notification");

        send(request);

        BackupCompleted completed = events.await(BackupCompleted.class, BackupCompleted::requestId,
                request.requestId(), TIMEOUT);
        ConsumerRecord<String, byte[]> record = events.records().stream()
                .filter(r -> header(r, "ce_id").equals(completed.eventId().toString()))
                .findFirst().orElseThrow();
        assertThat(record.key()).isEqualTo(source.name() + ".notification");
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_type")).isEqualTo("backup.completed.v1");
        assertThat(header(record, "ce_source")).isEqualTo("backup-worker");
        assertThat(Instant.parse(header(record, "ce_time"))).isEqualTo(completed.occurredAt());
        assertThat(header(record, "content-type")).isEqualTo("application/json");
    }

    @Test
    void storesWeeklyCopiesOnSundaysAndMonthlyCopiesOnTheFirstUnderTheManualsNames() throws Exception {
        BackupRequested sunday = aScheduledRequest(source.name(), "event", Instant.parse("2025-08-17T02:00:00Z"),
                List.of(Tier.DAILY, Tier.WEEKLY));
        BackupRequested firstOfMonth = aScheduledRequest(source.name(), "event",
                Instant.parse("2025-09-01T02:00:00Z"), List.of(Tier.DAILY, Tier.MONTHLY));

        send(sunday);
        send(firstOfMonth);

        String prefix = "postgres/" + source.name() + "/";
        BackupCompleted weekly = events.await(BackupCompleted.class, BackupCompleted::requestId, sunday.requestId(),
                TIMEOUT);
        assertThat(weekly.objects()).containsExactly(
                new StoredObject(Tier.DAILY, prefix + "event_20250817.dump.gz"),
                new StoredObject(Tier.WEEKLY, prefix + "weekly_event_2025-33.dump.gz"));
        BackupCompleted monthly = events.await(BackupCompleted.class, BackupCompleted::requestId,
                firstOfMonth.requestId(), TIMEOUT);
        assertThat(monthly.objects()).containsExactly(
                new StoredObject(Tier.DAILY, prefix + "event_20250901.dump.gz"),
                new StoredObject(Tier.MONTHLY, prefix + "monthly_event_2025-09.dump.gz"));
        for (BackupCompleted c : List.of(weekly, monthly)) {
            for (StoredObject o : c.objects()) {
                Path object = store.resolve(o.key());
                assertThat(sha256(Files.readAllBytes(object))).isEqualTo(c.sha256());
                assertSidecarMatches(object);
            }
        }
    }

    @Test
    void aMonthlyRequestForAPastMonthOverwritesNothingAndFailsForGood() throws Exception {
        BackupRequested august = aScheduledRequest(source.name(), "payment", Instant.parse("2025-08-01T02:00:00Z"),
                List.of(Tier.DAILY, Tier.MONTHLY));
        BackupRequested september = aScheduledRequest(source.name(), "payment",
                Instant.parse("2025-09-01T02:00:00Z"), List.of(Tier.DAILY, Tier.MONTHLY));
        send(august);
        send(september);
        events.await(BackupCompleted.class, BackupCompleted::requestId, august.requestId(), TIMEOUT);
        events.await(BackupCompleted.class, BackupCompleted::requestId, september.requestId(), TIMEOUT);
        Path monthly = store.resolve("postgres/" + source.name() + "/monthly_payment_2025-08.dump.gz");
        byte[] augustsBytes = Files.readAllBytes(monthly);
        byte[] augustsManifest = Files.readAllBytes(Path.of(monthly + ".manifest.json"));
        BackupRequested rewrite = aScheduledRequest(source.name(), "payment", Instant.parse("2025-08-31T23:00:00Z"),
                List.of(Tier.MONTHLY));

        send(rewrite);

        BackupFailed failed = events.await(BackupFailed.class, BackupFailed::requestId, rewrite.requestId(), TIMEOUT);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.reason()).startsWith("refusing to rewrite history: postgres/" + source.name()
                + "/monthly_payment_2025-08.dump.gz");
        assertThat(Files.readAllBytes(monthly)).isEqualTo(augustsBytes);
        assertThat(Files.readAllBytes(Path.of(monthly + ".manifest.json"))).isEqualTo(augustsManifest);
        assertSidecarMatches(monthly);
    }

    @Test
    void rejectsARequestWhoseSlotLiesInTheFutureWithAnEventAndADeadLetter() throws Exception {
        Instant nextYear = Instant.now().plus(Duration.ofDays(400));
        String itsDay = java.time.format.DateTimeFormatter.BASIC_ISO_DATE.format(
                nextYear.atZone(java.time.ZoneOffset.UTC));
        BackupRequested farAhead = aScheduledRequest(source.name(), "media", nextYear,
                List.of(Tier.DAILY, Tier.WEEKLY, Tier.MONTHLY));

        send(farAhead);

        BackupFailed failed = events.await(BackupFailed.class, BackupFailed::requestId, farAhead.requestId(),
                TIMEOUT);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.reason()).startsWith("rejected: slot ").contains("lies in the future");
        await().atMost(TIMEOUT).until(() -> events.deadLetters().stream()
                .anyMatch(r -> header(r, DeadLetterPublisher.EXCEPTION_MESSAGE).contains("lies in the future")
                        && new String(r.value(), StandardCharsets.UTF_8).contains(farAhead.requestId().toString())));
        assertThat(filesUnder(store)).noneMatch(f -> f.contains("media_" + itsDay));
    }

    @Test
    void aSchemaThatIsGoneYieldsBackupFailedAndNoObject() throws Exception {
        source.execute("CREATE SCHEMA scratch", "CREATE TABLE scratch.notes(id int primary key)",
                "DROP SCHEMA scratch CASCADE");
        BackupRequested request = aManualRequest(source.name(), "scratch");

        send(request);

        BackupFailed failed = events.await(BackupFailed.class, BackupFailed::requestId, request.requestId(), TIMEOUT);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.reason()).contains("scratch").contains("does not exist");
        assertThat(filesUnder(store)).noneMatch(f -> f.contains("scratch"));
    }

    @Test
    void sendsAMalformedMessageToTheDeadLetterTopicAndServesTheNextRequest() {
        int deadBefore = events.deadLetters().size();

        sendRaw(source.name() + ".user", "{not json".getBytes(StandardCharsets.UTF_8));
        BackupRequested next = aManualRequest(source.name(), "user");
        send(next);

        events.await(BackupCompleted.class, BackupCompleted::requestId, next.requestId(), TIMEOUT);
        List<ConsumerRecord<String, byte[]>> dead = events.deadLetters().subList(deadBefore,
                events.deadLetters().size());
        assertThat(dead).anySatisfy(r -> {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(header(r, DeadLetterPublisher.EXCEPTION_MESSAGE)).contains("malformed");
            assertThat(header(r, DeadLetterPublisher.ORIGINAL_TOPIC)).isEqualTo(Topics.BACKUP_REQUESTED);
        });
    }

    @Test
    void rejectsSchemaNamesThatAreNotPlainIdentifiersWithAnEventAndADeadLetter() throws Exception {
        List<String> hostile = List.of("user; drop table x", "../etc", "us\"er", "user' OR '1'='1");
        Map<BackupRequested, String> requests = new HashMap<>();
        hostile.forEach(h -> requests.put(aManualRequest(source.name(), h), h));
        List<String> filesBefore = filesUnder(store);

        requests.keySet().forEach(WorkerFixtures::send);

        for (BackupRequested request : requests.keySet()) {
            BackupFailed failed = events.await(BackupFailed.class, BackupFailed::requestId, request.requestId(),
                    TIMEOUT);
            assertThat(failed.reason()).startsWith("rejected:").contains("not a plain identifier");
            assertThat(failed.retryable()).isFalse();
        }
        assertThat(events.deadLetters()).filteredOn(r -> header(r, DeadLetterPublisher.EXCEPTION_MESSAGE)
                .contains("not a plain identifier")).hasSizeGreaterThanOrEqualTo(hostile.size());
        assertThat(filesUnder(store)).isEqualTo(filesBefore);
        assertThat(source.queryLong("select count(*) from information_schema.schemata where schema_name like '%etc%'"
                + " or schema_name like '%drop%'")).isZero();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Objects under {@code dir}, listed by the store itself (it skips in-flight temporary files). */
    static List<String> filesUnder(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return new ArrayList<>();
        }
        return new FilesystemObjectStore(dir).list("");
    }
}
