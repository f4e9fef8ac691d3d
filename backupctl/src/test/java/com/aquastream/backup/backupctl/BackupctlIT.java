package com.aquastream.backup.backupctl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The CLI's main entry, in this JVM, against the secured test broker, logged in as {@code operator} through a client
 * properties file, as an operator's shell would run it.
 */
class BackupctlIT {

    private static final String SIGNING_KEY = "backupctl-it-signing-key-of-at-least-32-bytes";
    private static final String KEY = "postgres/aquastream/user_20250818.dump.gz";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REQUESTER = "it@backupctl-it";

    private final EventCodec codec = new EventCodec();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void publishesABackupRequestAsTheOperator() {
        int exit = backupctl("backup", "user", "--json");

        assertThat(exit).as(err.toString()).isEqualTo(Exit.OK);
        UUID requestId = UUID.fromString(Json.read(out.toString()).get(0).path("requestId").asString());
        ConsumerRecord<String, byte[]> record = awaitRecord(Topics.BACKUP_REQUESTED,
                r -> codec.decode(r.value(), BackupRequested.class).requestId().equals(requestId));
        BackupRequested request = codec.decode(record.value(), BackupRequested.class);
        assertThat(record.key()).isEqualTo("aquastream.user");
        assertThat(request.database()).isEqualTo("aquastream");
        assertThat(request.schema()).isEqualTo("user");
        assertThat(request.tiers()).containsExactly(Tier.MANUAL);
        assertThat(request.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(header(record, "ce_type")).isEqualTo("backup.requested.v1");
        assertThat(header(record, "ce_source")).isEqualTo(KafkaBus.SOURCE);
        assertThat(header(record, "ce_id")).isEqualTo(request.eventId().toString());
    }

    @Test
    void publishesARestoreCommandWhoseSignatureVerifies() {
        int exit = backupctl("restore", "user", KEY, "--no-wait", "--json");

        assertThat(exit).as(err.toString()).isEqualTo(Exit.OK);
        UUID restoreId = UUID.fromString(Json.read(out.toString()).path("restoreId").asString());
        ConsumerRecord<String, byte[]> record = awaitRecord(Topics.RESTORE_REQUESTED,
                r -> codec.decode(r.value(), RestoreRequested.class).restoreId().equals(restoreId));
        RestoreRequested command = codec.decode(record.value(), RestoreRequested.class);
        assertThat(record.key()).isEqualTo("aquastream.user");
        assertThat(command.key()).isEqualTo(KEY);
        assertThat(new RestoreSignatures(SIGNING_KEY.getBytes(UTF_8)).verify(command)).isTrue();
        assertThat(header(record, "ce_type")).isEqualTo("restore.requested.v1");
    }

    @Test
    void waitsForTheAnswerToItsOwnCommandAndExitsWithItsCode() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> rejectTheFirstCommandSince(start));

        int exit = backupctl("restore", "payment", "latest", "--timeout", "60");

        worker.get(5, TimeUnit.SECONDS);
        assertThat(exit).as(out + "\n" + err).isEqualTo(Exit.RESTORE_REJECTED);
        assertThat(out.toString()).contains(": REJECTED [INVALID_COMMAND]: rejected by BackupctlIT");
    }

    private int backupctl(String... args) {
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "KAFKA_CLIENT_CONFIG", TestKafka.clientConfigFile("operator").toString(),
                "RESTORE_SIGNING_KEY", SIGNING_KEY,
                "USER", "it", "HOSTNAME", "backupctl-it");
        Context context = Context.of(new Settings(environment, null));
        return Backupctl.run(context, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** Plays the restore-worker: answers the first command of this test with a rejection. */
    private void rejectTheFirstCommandSince(Instant start) {
        ConsumerRecord<String, byte[]> record = awaitRecord(Topics.RESTORE_REQUESTED, r -> {
            RestoreRequested c = codec.decode(r.value(), RestoreRequested.class);
            return c.schema().equals("payment") && REQUESTER.equals(c.requestedBy())
                    && !c.occurredAt().isBefore(start.truncatedTo(ChronoUnit.SECONDS));
        });
        RestoreRequested command = codec.decode(record.value(), RestoreRequested.class);
        RestoreRejected rejection = new RestoreRejected(UUID.randomUUID(), Instant.now(), command.database(),
                command.schema(), command.restoreId(), "rejected by BackupctlIT", null, null,
                RestoreRejected.INVALID_COMMAND);
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.RESTORE_REJECTED, rejection.messageKey(),
                    codec.encode(rejection))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first record of {@code topic} (read from the start, as admin) that {@code matches}. */
    private static ConsumerRecord<String, byte[]> awaitRecord(String topic,
                                                             Predicate<ConsumerRecord<String, byte[]>> matches) {
        Instant deadline = Instant.now().plus(WAIT);
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(topic)) {
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matches.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + WAIT.toSeconds() + " s");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
