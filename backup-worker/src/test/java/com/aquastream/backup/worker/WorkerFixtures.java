package com.aquastream.backup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Requests as an outside producer sends them, and the operator's standard tools to check what was stored. */
final class WorkerFixtures {

    private static final EventCodec CODEC = new EventCodec();

    private WorkerFixtures() {
    }

    static BackupRequested aManualRequest(String database, String schema) {
        return aManualRequestAt(database, schema, Instant.now());
    }

    /** Manual objects are named by the second of their slot: requests meant to be distinct need distinct slots. */
    static BackupRequested aManualRequestAt(String database, String schema, Instant slot) {
        return new BackupRequested(UUID.randomUUID(), Instant.now(), database, schema, UUID.randomUUID(),
                List.of(Tier.MANUAL), Trigger.MANUAL, "integration-test", slot);
    }

    /** pg_dump processes of this machine working on {@code database}. */
    static long pgDumpProcessesOf(String database) {
        return ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains("pg_dump") && cmd.contains(database))
                .count();
    }

    static BackupRequested aScheduledRequest(String database, String schema, Instant slot, List<Tier> tiers) {
        return new BackupRequested(UUID.randomUUID(), Instant.now(), database, schema, UUID.randomUUID(), tiers,
                Trigger.SCHEDULE, "integration-test", slot);
    }

    /** Sends like any plain Kafka producer: JSON value, {@code database.schema} key, no CloudEvents headers. */
    static void send(BackupRequested request) {
        sendRaw(request.database() + "." + request.schema(), CODEC.encode(request));
    }

    static void sendRaw(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.BACKUP_REQUESTED, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + Topics.BACKUP_REQUESTED, e);
        }
    }

    /**
     * A worker for one test database, in a consumer group of its own (so tests never see each other's requests),
     * knowing the six schemas plus {@code extraSchemas}.
     */
    static Map<String, Object> workerFor(String database, Path storeRoot, String... extraSchemas) {
        List<String> schemas = new java.util.ArrayList<>(SixSchemas.NAMES);
        schemas.addAll(List.of(extraSchemas));
        return Map.of(
                "backup.worker.pool", "it-" + database,
                "backup.worker.expiry-group", "backup-worker-it-expiry-" + database,
                "backup.worker.databases." + database, String.join(",", schemas),
                "backup.platform.store.type", "filesystem",
                "backup.platform.store.filesystem-root", storeRoot.toString());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Restores an archive file exactly as the manual's operator would, with no part of this system:
     * {@code gunzip -c FILE | pg_restore -d DB}. Returns pg_restore's stderr when it fails.
     */
    static Optional<String> restoreWithStandardTools(Path archive, String database) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c",
                "gunzip -c \"$ARCHIVE\" | pg_restore --no-owner --exit-on-error -d \"$TARGET_DB\"");
        pb.environment().put("ARCHIVE", archive.toString());
        pb.environment().put("TARGET_DB", database);
        pb.environment().put("PGHOST", TestDatabases.host());
        pb.environment().put("PGPORT", Integer.toString(TestDatabases.port()));
        pb.environment().put("PGUSER", TestDatabases.user());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        return ok ? Optional.empty() : Optional.of(output);
    }

    static void assertSidecarMatches(Path object) throws IOException {
        Path sidecar = object.resolveSibling(object.getFileName() + ".sha256");
        String expected = sha256(Files.readAllBytes(object)) + "  " + object.getFileName() + "\n";
        assertThat(Files.readString(sidecar)).isEqualTo(expected);
    }
}
