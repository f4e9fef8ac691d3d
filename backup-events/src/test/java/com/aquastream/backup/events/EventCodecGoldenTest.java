package com.aquastream.backup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the wire format (STYLE rule 3): each golden file in {@code src/test/resources/golden} is the
 * contract's example of its topic. Consumers run the same files through their own deserializers.
 */
class EventCodecGoldenTest {

    private static final UUID REQUEST_ID = UUID.fromString("3f1c9a52-7b0e-5d8a-9c41-2e6f0b7d8a13");
    private static final UUID BACKUP_ID = UUID.fromString("8d2e4f61-0a3b-4c5d-9e7f-1a2b3c4d5e6f");
    private static final UUID RESTORE_ID = UUID.fromString("5a7b9c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d");
    private static final UUID BASEBACKUP_REQUEST_ID = UUID.fromString("6b8cad2e-3f4a-4b6c-9d7e-8f9a0b1c2d3e");
    private static final UUID ALERT_ID = UUID.fromString("e4d3c2b1-a098-4765-b432-10fedcba9876");
    private static final String SHA256 = "9f2c4e1a7b3d5f60817a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70";
    private static final String DAILY_KEY = "postgres/aquastream/user_20250817.dump.gz";
    private static final String WEEKLY_KEY = "postgres/aquastream/weekly_user_2025-33.dump.gz";
    /**
     * The golden expiry's real signature: backup-core's {@code ExpirySignaturesTest} signs the same event with its
     * documented test key and expects this value, so the golden file is a worked example for other implementations.
     */
    private static final String EXPIRY_SIGNATURE = "bba60b38548742adbc181662a879108c99260f51be464a48a6206fe75b908554";
    private static final List<TableCheck> CHECKS = List.of(
            new TableCheck("user.users", 120431, 120431),
            new TableCheck("user.sessions", 1893310, 1893310),
            new TableCheck("user.password_resets", 0, 0));

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenEvents")
    void decodesEachGoldenFileToItsEvent(String topic, Event expected) {
        byte[] golden = GoldenFiles.read(topic);

        Event decoded = codec.decode(golden, topic);

        assertThat(decoded).isEqualTo(expected);
        assertThat(codec.decode(golden, expected.type())).isEqualTo(expected);
        assertThat(codec.decode(golden, expected.getClass())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenEvents")
    void encodesEachGoldenEventToItsGoldenFile(String topic, Event expected) {
        byte[] golden = GoldenFiles.read(topic);

        byte[] encoded = codec.encode(codec.decode(golden, topic));

        assertThat(GoldenFiles.tree(encoded)).isEqualTo(GoldenFiles.tree(golden));
        assertThat(GoldenFiles.tree(codec.encode(expected))).isEqualTo(GoldenFiles.tree(golden));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenEvents")
    void populatesEveryFieldInEachGoldenFile(String topic, Event expected) {
        Map<String, Object> golden = GoldenFiles.object(GoldenFiles.read(topic));

        List<String> components = Stream.of(expected.getClass().getRecordComponents())
                .map(component -> component.getName())
                .toList();

        assertThat(golden.keySet()).containsExactlyElementsOf(components);
    }

    @Test
    void coversEveryTopicOfTheContract() throws Exception {
        List<String> topicsWithExpectations = goldenEvents().map(arguments -> (String) arguments.get()[0]).toList();

        List<String> goldenFiles;
        try (Stream<Path> files = Files.list(Path.of(getClass().getResource("/golden").toURI()))) {
            goldenFiles = files.map(file -> file.getFileName().toString().replaceFirst("\\.json$", "")).toList();
        }

        assertThat(topicsWithExpectations).containsExactlyInAnyOrderElementsOf(Topics.all());
        assertThat(goldenFiles).containsExactlyInAnyOrderElementsOf(Topics.all());
    }

    static Stream<Arguments> goldenEvents() {
        return Stream.of(
                golden(new BackupRequested(
                        id("0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b"), at("2025-08-17T02:00:00.012Z"), "aquastream", "user",
                        REQUEST_ID, List.of(Tier.DAILY, Tier.WEEKLY), Trigger.SCHEDULE, "catalog-service/scheduler",
                        at("2025-08-17T02:00:00Z"))),
                golden(new BackupCompleted(
                        id("1c7a3b4f-2d5e-4f6a-9b0c-1d2e3f4a5b6c"), at("2025-08-17T02:03:41.518Z"), "aquastream", "user",
                        REQUEST_ID, BACKUP_ID, List.of(Tier.DAILY, Tier.WEEKLY),
                        List.of(new StoredObject(Tier.DAILY, DAILY_KEY), new StoredObject(Tier.WEEKLY, WEEKLY_KEY)),
                        "s3", 48213377L, SHA256, "gzip", "pg_dump-custom",
                        at("2025-08-17T02:00:01.204Z"), at("2025-08-17T02:03:40.977Z"),
                        "16.4", "pg_dump (PostgreSQL) 16.4",
                        rowCounts("user.users", 120431L, "user.sessions", 1893310L, "user.password_resets", 0L),
                        at("2025-08-17T02:00:00Z"), "1/4A3B2C10")),
                golden(new BackupFailed(
                        id("2d8b4c5a-3e6f-4a7b-8c1d-2e3f4a5b6c7d"), at("2025-08-17T02:07:12.030Z"), "aquastream", "user",
                        REQUEST_ID, 3, true,
                        "pg_dump exited with status 1: pg_dump: error: connection to server at \"db.internal\" "
                                + "(10.0.0.5), port 5432 failed: timeout expired")),
                golden(new BackupExpired(
                        id("3e9c5d6b-4f7a-4b8c-9d2e-3f4a5b6c7d8e"), at("2025-08-18T03:15:00Z"), "aquastream", "user",
                        id("7c1d3e50-9f2a-4b3c-8d6e-0f1a2b3c4d5e"),
                        List.of(new StoredObject(Tier.DAILY, "postgres/aquastream/user_20250718.dump.gz")),
                        "daily retention: keep 30 days", false, "expiry-2025-08", EXPIRY_SIGNATURE)),
                golden(new RestoreRequested(
                        id("4fad6e7c-5a8b-4c9d-8e3f-4a5b6c7d8e9f"), at("2025-08-19T09:30:05.250Z"), "aquastream", "user",
                        RESTORE_ID, BACKUP_ID, WEEKLY_KEY, "aquastream_staging", RestoreMode.RESTORE, true, "cli:alice",
                        "4b1e0f7d2c9a8b6e5d4c3b2a1908f7e6d5c4b3a291807f6e5d4c3b2a19080f7e", false,
                        at("2025-08-19T00:00:00Z"), id("9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b"), SHA256)),
                golden(new RestoreCompleted(
                        id("5abe7f8d-6b9c-4dae-9f4a-5b6c7d8e9fa0"), at("2025-08-19T09:34:12.871Z"), "aquastream", "user",
                        RESTORE_ID, BACKUP_ID, WEEKLY_KEY, SHA256, 247621L, CHECKS, List.of(
                                new DependentObject("crew", "members_account_id_fkey on members", "foreign key",
                                        DependentObject.RECREATED, null, "ALTER TABLE crew.members ADD CONSTRAINT"
                                        + " members_account_id_fkey FOREIGN KEY (account_id) REFERENCES"
                                        + " \"user\".users(id)"),
                                new DependentObject("crew", "Member View", "view", DependentObject.LOST,
                                        "column u.nickname does not exist", "CREATE VIEW crew.\"Member View\" AS "
                                        + " SELECT m.id,\n    u.nickname\n   FROM (crew.members m\n     JOIN"
                                        + " \"user\".users u ON ((u.id = m.user_id)));")),
                        at("2025-08-19T09:12:59.804113Z"), false, "/var/tmp/restore-worker-pitr/pitr-4417093/data",
                        "cluster main recovered to 2025-08-19T09:12:59.804113Z in"
                                + " /var/tmp/restore-worker-pitr/pitr-4417093/data, promoted and stopped cleanly."
                                + " Next: 1) stop the damaged server if it still runs; \u2026")),
                golden(new RestoreVerified(
                        id("6bcf8a9e-7cad-4ebf-8a5b-6c7d8e9fa0b1"), at("2025-08-20T04:12:55.400Z"), "aquastream", "user",
                        id("6d8e0f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a"), BACKUP_ID, DAILY_KEY, SHA256, 198034L, CHECKS)),
                golden(new RestoreFailed(
                        id("7cda9baf-8dbe-4fca-9b6c-7d8e9fa0b1c2"), at("2025-08-19T09:33:40.118Z"), "aquastream", "user",
                        RESTORE_ID,
                        "pg_restore exited with status 1: ERROR: could not create unique index \"users_email_key\"; "
                                + "schema left as before")),
                golden(new RestoreRejected(
                        id("8deaacb0-9ecf-40db-8c7d-8e9fa0b1c2d3"), at("2025-08-19T09:30:05.912Z"), "aquastream", "user",
                        RESTORE_ID, "checksum mismatch for postgres/aquastream/user_20250817.dump.gz: the stored bytes"
                                + " differ from the backup's record", BACKUP_ID, DAILY_KEY,
                        RestoreRejected.CHECKSUM_MISMATCH)),
                golden(new BackupReplicated(
                        id("9efbbdc1-afd0-41ec-9d8e-9fa0b1c2d3e4"), at("2025-08-17T02:05:09.640Z"), "aquastream", "user",
                        BACKUP_ID, WEEKLY_KEY, "offsite-minio", SHA256, "copied and verified at target", true,
                        "aes-256-gcm-segmented-v1", "offsite-2025-08",
                        "5b1e0c9d2f8a7b6c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c", 48213411L)),
                golden(new ReplicationFailed(
                        id("af0ccee2-b0e1-42fd-8e9f-a0b1c2d3e4f5"), at("2025-08-17T02:05:10.002Z"), "aquastream", "user",
                        BACKUP_ID, DAILY_KEY, "offsite-minio", SHA256,
                        "checksum mismatch at target: expected 9f2c4e1a\u20266f70, got 00d1b2c3\u2026e4f5")),
                golden(new AlertRaised(
                        id("b01ddff3-c1f2-430e-9fa0-b1c2d3e4f5a6"), at("2025-08-18T04:00:00Z"), "aquastream", "user",
                        ALERT_ID, "backup-missing", "critical",
                        "No completed backup of aquastream.user for 26 h (expected daily by 02:30 UTC)",
                        at("2025-08-18T02:30:00Z"))),
                golden(new AlertResolved(
                        id("c12ee0a4-d2a3-441f-8ab1-c2d3e4f5a6b7"), at("2025-08-18T04:21:37.505Z"), "aquastream", "user",
                        ALERT_ID, "backup-missing", "critical", "Backup of aquastream.user completed again",
                        at("2025-08-18T02:30:00Z"))),
                golden(new WalArchived(
                        id("d23ff1b5-e3b4-4520-9bc2-d3e4f5a6b7c8"), at("2025-08-17T02:14:03.208Z"), "main",
                        WalEvent.CLUSTER_SCHEMA, 1L, "000000010000000000000003", false, "0/3000000", "0/4000000",
                        "wal/main/00000001/000000010000000000000003.gz", "s3", 1183744L, 16777216L, SHA256, "gzip")),
                golden(new WalStatus(
                        id("e340a2c6-f4c5-4631-8cd3-e4f5a6b7c8d9"), at("2025-08-17T02:14:30Z"), "main",
                        WalEvent.CLUSTER_SCHEMA, false, "0/4A21F38", "0/4000000", 10624824L, 27L,
                        at("2025-08-17T02:14:03.208Z"), "pg_receivewal exited with 1: pg_receivewal: error: could not"
                                + " connect to server: Connection refused", List.of("000000010000000000000002"),
                        at("2025-08-10T01:04:12.690Z"))),
                golden(new BaseBackupRequested(
                        id("f451b3d7-a5d6-4742-9de4-f5a6b7c8d9ea"), at("2025-08-17T01:00:00.015Z"), "main",
                        WalEvent.CLUSTER_SCHEMA, BASEBACKUP_REQUEST_ID, Trigger.MANUAL, "cli:alice")),
                golden(new BaseBackupCompleted(
                        id("0562c4e8-b6e7-4853-8ef5-a6b7c8d9eafb"), at("2025-08-17T01:04:12.733Z"), "main",
                        WalEvent.CLUSTER_SCHEMA, BASEBACKUP_REQUEST_ID, id("7c9dbe3f-4a5b-4c7d-8e8f-9a0b1c2d3e4f"),
                        "basebackup/main/20250817T010000Z-7c9dbe3f/base.tar.gz", "s3", 734003200L, SHA256, "gzip",
                        "pg_basebackup-tar", 1L, "0/5000028", "0/5000138", at("2025-08-17T01:00:00.412Z"),
                        at("2025-08-17T01:04:12.690Z"), "16.4", "pg_basebackup (PostgreSQL) 16.4", true)),
                golden(new BaseBackupFailed(
                        id("1673d5f9-c7f8-4964-9f06-b7c8d9eafb0c"), at("2025-08-17T01:02:40.118Z"), "main",
                        WalEvent.CLUSTER_SCHEMA, BASEBACKUP_REQUEST_ID, 3, true,
                        "pg_basebackup exited with status 1: pg_basebackup: error: connection to server at"
                                + " \"db.internal\" (10.0.0.5), port 5432 failed: timeout expired")));
    }

    @Test
    void decodesAV1BackupReplicatedWithoutTheEncryptionFieldsAsAnUnencryptedCopy() {
        String v1 = "{\"eventId\":\"9efbbdc1-afd0-41ec-9d8e-9fa0b1c2d3e4\",\"occurredAt\":\"2025-08-17T02:05:09.640Z\","
                + "\"database\":\"aquastream\",\"schema\":\"user\",\"backupId\":\"" + BACKUP_ID + "\","
                + "\"key\":\"" + WEEKLY_KEY + "\",\"target\":\"offsite-minio\",\"sha256\":\"" + SHA256 + "\"}";

        BackupReplicated decoded = codec.decode(v1.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                BackupReplicated.class);

        assertThat(decoded).isEqualTo(new BackupReplicated(id("9efbbdc1-afd0-41ec-9d8e-9fa0b1c2d3e4"),
                at("2025-08-17T02:05:09.640Z"), "aquastream", "user", BACKUP_ID, WEEKLY_KEY, "offsite-minio", SHA256,
                null));
        assertThat(decoded.encryptedOrDefault()).isFalse();
    }

    @Test
    void decodesAV1BackupExpiredWithoutThePinAndSignatureFieldsAsUnsigned() {
        String v1 = "{\"eventId\":\"3e9c5d6b-4f7a-4b8c-9d2e-3f4a5b6c7d8e\",\"occurredAt\":\"2025-08-18T03:15:00Z\","
                + "\"database\":\"aquastream\",\"schema\":\"user\","
                + "\"backupId\":\"7c1d3e50-9f2a-4b3c-8d6e-0f1a2b3c4d5e\","
                + "\"objects\":[{\"tier\":\"DAILY\",\"key\":\"" + DAILY_KEY + "\"}],\"reason\":\"r\"}";

        BackupExpired decoded = codec.decode(v1.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                BackupExpired.class);

        assertThat(decoded).isEqualTo(new BackupExpired(id("3e9c5d6b-4f7a-4b8c-9d2e-3f4a5b6c7d8e"),
                at("2025-08-18T03:15:00Z"), "aquastream", "user", id("7c1d3e50-9f2a-4b3c-8d6e-0f1a2b3c4d5e"),
                List.of(new StoredObject(Tier.DAILY, DAILY_KEY)), "r"));
        assertThat(decoded.pinned()).isNull();
        assertThat(decoded.signature()).isNull();
    }

    @Test
    void decodesAV1RestoreCompletedWithoutDependentsAsOneThatDroppedNothingElse() {
        String v1 = "{\"eventId\":\"5abe7f8d-6b9c-4dae-9f4a-5b6c7d8e9fa0\",\"occurredAt\":\"2025-08-19T09:34:12.871Z\","
                + "\"database\":\"aquastream\",\"schema\":\"user\",\"restoreId\":\"" + RESTORE_ID + "\","
                + "\"backupId\":\"" + BACKUP_ID + "\",\"key\":\"" + WEEKLY_KEY + "\",\"sha256\":\"" + SHA256 + "\","
                + "\"durationMs\":1,\"checks\":[]}";

        RestoreCompleted decoded = codec.decode(v1.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                RestoreCompleted.class);

        assertThat(decoded).isEqualTo(new RestoreCompleted(id("5abe7f8d-6b9c-4dae-9f4a-5b6c7d8e9fa0"),
                at("2025-08-19T09:34:12.871Z"), "aquastream", "user", RESTORE_ID, BACKUP_ID, WEEKLY_KEY, SHA256, 1L,
                List.of()));
        assertThat(decoded.dependents()).isNull();
    }

    @Test
    void decodesAV1BackupCompletedWithoutItsSlotAsOneWhoseSlotIsUnknown() {
        String v1 = "{\"eventId\":\"1c7a3b4f-2d5e-4f6a-9b0c-1d2e3f4a5b6c\",\"occurredAt\":\"2025-08-17T02:03:41.518Z\","
                + "\"database\":\"aquastream\",\"schema\":\"user\",\"requestId\":\"" + REQUEST_ID + "\","
                + "\"backupId\":\"" + BACKUP_ID + "\",\"sizeBytes\":1,\"sha256\":\"" + SHA256 + "\"}";

        BackupCompleted decoded = codec.decode(v1.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                BackupCompleted.class);

        assertThat(decoded.scheduledFor()).isNull();
        assertThat(decoded.sha256()).isEqualTo(SHA256);
    }

    @Test
    void decodesAWalStatusWithoutMissingSegmentsAsOneWhoseChainWasNotChecked() {
        String v13 = "{\"eventId\":\"e340a2c6-f4c5-4631-8cd3-e4f5a6b7c8d9\",\"occurredAt\":\"2025-08-17T02:14:30Z\","
                + "\"database\":\"main\",\"schema\":\"pg_cluster\",\"receiving\":true}";

        WalStatus decoded = codec.decode(v13.getBytes(java.nio.charset.StandardCharsets.UTF_8), WalStatus.class);

        assertThat(decoded).isEqualTo(new WalStatus(id("e340a2c6-f4c5-4631-8cd3-e4f5a6b7c8d9"),
                at("2025-08-17T02:14:30Z"), "main", WalEvent.CLUSTER_SCHEMA, true, null, null, null, null, null, null));
        assertThat(decoded.missingSegments()).isNull();
        assertThat(decoded.recoverableFrom()).isNull();
    }

    private static Arguments golden(Event expected) {
        return Arguments.of(expected.topic(), expected);
    }

    private static UUID id(String text) {
        return UUID.fromString(text);
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static Map<String, Long> rowCounts(String t1, long n1, String t2, long n2, String t3, long n3) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(t1, n1);
        counts.put(t2, n2);
        counts.put(t3, n3);
        return counts;
    }
}
