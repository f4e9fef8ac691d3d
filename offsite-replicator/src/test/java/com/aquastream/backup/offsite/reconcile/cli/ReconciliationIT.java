package com.aquastream.backup.offsite.reconcile.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.offsite.OffsiteCopies;
import com.aquastream.backup.core.store.S3ObjectStore;
import com.aquastream.backup.core.store.S3Settings;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.testsupport.RepositoryRoot;
import com.aquastream.backup.testsupport.TestS3;
import com.google.crypto.tink.KeysetHandle;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bin/reconcile} against two real S3 API servers (primary and offsite, encrypted copies) and the catalog's
 * read API ({@code GET /api/backups}, served here in the catalog-service's shape and only with its API token, so the
 * command's HTTP client is exercised for real).
 */
class ReconciliationIT {

    private static final String CATALOG_TOKEN = "rec-token-" + UUID.randomUUID();
    /** The legacy fixture's key (id legacy-2026, the bytes 0x00..0x1f), backup and plaintext checksum. */
    private static final String LEGACY_KEY_BASE64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final UUID LEGACY_BACKUP_ID = UUID.fromString("0f5e7a11-0000-4000-8000-000000000001");
    private static final String LEGACY_PLAINTEXT_SHA256 =
            "1542e77a07ec8bff47ff1b6dd40e756b7b91a4eabac2722d5d03c62b4fc3d6b3";

    private final String database = "rec" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
    private final List<BackupCompleted> catalog = new ArrayList<>();
    private S3ObjectStore primary;
    private S3ObjectStore offsite;
    private String keysetJson;
    private Keyring keyring;
    private HttpServer catalogApi;

    @BeforeEach
    void givenStoresAndACatalog() throws Exception {
        TestS3.Endpoint p = TestS3.endpoint();
        TestS3.Endpoint o = TestS3.offsiteEndpoint();
        primary = S3ObjectStore.connect(new S3Settings(p.url(), p.region(), p.accessKey(), p.secretKey(),
                TestS3.newBucket()));
        offsite = S3ObjectStore.connect(new S3Settings(o.url(), o.region(), o.accessKey(), o.secretKey(),
                "rec-" + UUID.randomUUID().toString().substring(0, 8)));
        KeysetHandle keyset = Keyring.newKeyset();
        keysetJson = Keyring.toJson(keyset);
        keyring = Keyring.of(keyset, List.of());
        catalogApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        catalogApi.createContext("/api/backups", exchange -> {
            if (!("Bearer " + CATALOG_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            byte[] body = catalogJson(exchange.getRequestURI().getQuery());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        catalogApi.start();
    }

    @AfterEach
    void stopTheCatalog() {
        catalogApi.stop(0);
    }

    /**
     * The script goes through backupctl (bin/backupctl reconcile), which starts this module's program and passes its
     * exit status on: 2 when a store cannot be read.
     */
    @Test
    void anUnreachableOffsiteStoreEndsTheScriptWithStatusTwo() throws Exception {
        String weekly = "postgres/" + database + "/weekly_user_2025-34.dump.gz";
        aBackup("user", List.of(new StoredObject(Tier.WEEKLY, weekly)));
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Script result = runTheScript(Map.of("S3_OFFSITE_ENDPOINT", "http://127.0.0.1:" + closedPort),
                "--database", database);

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(2);
        assertThat(result.stderr()).contains("reconciliation failed");
    }

    @Test
    void findsATamperedOffsiteCopyAMissingAndAnExtraArchiveAndExitsNonZero() throws Exception {
        String daily = "postgres/" + database + "/user_20250817.dump.gz";
        String weekly = "postgres/" + database + "/weekly_user_2025-33.dump.gz";
        String monthly = "postgres/" + database + "/monthly_event_2025-08.dump.gz";
        BackupCompleted sunday = aBackup("user", List.of(new StoredObject(Tier.DAILY, daily),
                new StoredObject(Tier.WEEKLY, weekly)));
        BackupCompleted first = aBackup("event", List.of(new StoredObject(Tier.MONTHLY, monthly)));
        copyOffsite(sunday, weekly);
        copyOffsite(first, monthly);
        assertThat(runInProcess()).isEqualTo(ReconcileCommand.CONSISTENT);

        flipAByteInTheMiddleOf(weekly);
        primary.delete(monthly);
        String stray = "postgres/" + database + "/user_20250101.dump.gz";
        primary.put(stray, new ByteArrayInputStream(randomBytes(1000)));
        Script result = runTheScript("--database", database, "--json");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ReconcileCommand.DIFFERENCES);
        JsonNode report = JsonMapper.builder().build().readTree(result.stdout());
        assertThat(report.get("consistent").asBoolean()).isFalse();
        assertThat(report.get("offsiteChecked").asInt()).isEqualTo(2);
        List<String> found = new ArrayList<>();
        report.get("differences").forEach(d -> found.add(d.get("kind").asString() + " " + d.get("store").asString()
                + " " + d.get("key").asString()));
        assertThat(found).containsExactlyInAnyOrder(
                "MISSING primary " + monthly,
                "EXTRA primary " + stray,
                "UNREADABLE offsite " + weekly);
    }

    @Test
    void reportsACopySwappedOntoAnotherKeyAsUnreadableAndAPlaintextCopyAsInsecure() throws Exception {
        String older = "postgres/" + database + "/weekly_user_2025-32.dump.gz";
        String newer = "postgres/" + database + "/weekly_user_2025-33.dump.gz";
        String monthly = "postgres/" + database + "/monthly_user_2025-08.dump.gz";
        BackupCompleted olderBackup = aBackup("user", List.of(new StoredObject(Tier.WEEKLY, older)));
        BackupCompleted newerBackup = aBackup("user", List.of(new StoredObject(Tier.WEEKLY, newer)));
        BackupCompleted monthlyBackup = aBackup("user", List.of(new StoredObject(Tier.MONTHLY, monthly)));
        copyOffsite(olderBackup, older);
        copyOffsite(newerBackup, newer);
        copyOffsite(monthlyBackup, monthly);
        assertThat(runInProcess()).isEqualTo(ReconcileCommand.CONSISTENT);

        offsite.put(newer, new ByteArrayInputStream(bytesOf(offsite, older)));
        offsite.put(monthly, new ByteArrayInputStream(bytesOf(primary, monthly)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ReconcileCommand.run(new String[] {"--database", database, "--json"}, environment(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(status).isEqualTo(ReconcileCommand.DIFFERENCES);
        List<String> found = new ArrayList<>();
        JsonMapper.builder().build().readTree(out.toByteArray()).get("differences").forEach(d -> found.add(
                d.get("kind").asString() + " " + d.get("store").asString() + " " + d.get("key").asString()));
        assertThat(found).containsExactlyInAnyOrder("UNREADABLE offsite " + newer, "INSECURE offsite " + monthly);
    }

    @Test
    void aCopyWrittenInTheLegacyFormatBeforeTinkStillReconcilesWithItsOldKey() throws Exception {
        String weekly = "postgres/app/weekly_user_2026-49.dump.gz";
        BackupCompleted legacyBackup = givenALegacyFormatCopyOf(weekly);
        String tinkWeekly = "postgres/app/weekly_user_2026-50.dump.gz";
        copyOffsite(aBackupOf("app", "user", List.of(new StoredObject(Tier.WEEKLY, tinkWeekly))), tinkWeekly);
        Map<String, String> withTheOldKey = environment();
        withTheOldKey.put("OFFSITE_ENCRYPTION_KEY_ID", "legacy-2026");
        withTheOldKey.put("OFFSITE_ENCRYPTION_KEY", LEGACY_KEY_BASE64);

        int withIt = ReconcileCommand.run(new String[] {"--database", "app"}, withTheOldKey,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int withoutIt = ReconcileCommand.run(new String[] {"--database", "app", "--json"}, environment(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(legacyBackup.sha256()).isEqualTo(LEGACY_PLAINTEXT_SHA256);
        assertThat(withIt).isEqualTo(ReconcileCommand.CONSISTENT);
        assertThat(withoutIt).isEqualTo(ReconcileCommand.DIFFERENCES);
        List<String> found = new ArrayList<>();
        JsonMapper.builder().build().readTree(out.toByteArray()).get("differences").forEach(d -> found.add(
                d.get("kind").asString() + " " + d.get("store").asString() + " " + d.get("key").asString()));
        assertThat(found).containsExactly("UNREADABLE offsite " + weekly);
    }

    @Test
    void failsNamingTheTokenWhenTheCatalogRefusesToBeReadWithoutIt() {
        Map<String, String> withoutToken = environment();
        withoutToken.remove("CATALOG_API_TOKEN");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = ReconcileCommand.run(new String[] {"--database", database}, withoutToken,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(ReconcileCommand.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("HTTP 401").contains("CATALOG_API_TOKEN");
    }

    private static byte[] bytesOf(S3ObjectStore store, String key) throws Exception {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }

    private BackupCompleted aBackup(String schema, List<StoredObject> objects) throws Exception {
        return aBackupOf(database, schema, objects);
    }

    private BackupCompleted aBackupOf(String database, String schema, List<StoredObject> objects) throws Exception {
        return aBackupOf(database, schema, objects, UUID.randomUUID(), randomBytes(200_000));
    }

    private BackupCompleted aBackupOf(String database, String schema, List<StoredObject> objects, UUID backupId,
                                      byte[] archive) throws Exception {
        Instant now = Instant.now();
        BackupCompleted completed = new BackupCompleted(UUID.randomUUID(), now, database, schema, UUID.randomUUID(),
                backupId, objects.stream().map(StoredObject::tier).toList(), objects, "s3", archive.length,
                Sha256.of(archive), "gzip", "pg_dump-custom", now, now, "15.4", "pg_dump 15.4", Map.of("t", 1L));
        for (StoredObject o : objects) {
            primary.put(o.key(), new ByteArrayInputStream(archive));
            primary.put(BackupNaming.sidecarKey(o.key()), new ByteArrayInputStream(
                    Sidecars.format(completed.sha256(), o.key()).getBytes(StandardCharsets.UTF_8)));
            primary.put(OffsiteCopies.manifestKey(o.key()), new ByteArrayInputStream(
                    new EventCodec().encode(completed)));
        }
        catalog.add(completed);
        return completed;
    }

    private void copyOffsite(BackupCompleted backup, String key) throws Exception {
        new OffsiteCopies(offsite, keyring).copyFrom(primary, backup, key, "s3://rec", Instant.now());
    }

    /**
     * The backup in the catalog and the primary, and its offsite copy as the replicator wrote it before Tink: the
     * fixture written by the last legacy encryptor (backup-core's {@code crypto/legacy-v2}, copied here), with its
     * companions and the record that version wrote.
     */
    private BackupCompleted givenALegacyFormatCopyOf(String key) throws Exception {
        byte[] plaintext = resource("/crypto/legacy-v2/plaintext.txt");
        byte[] ciphertext = resource("/crypto/legacy-v2/weekly_user_2026-49.dump.gz.aqse");
        BackupCompleted backup = aBackupOf("app", "user", List.of(new StoredObject(Tier.WEEKLY, key)),
                LEGACY_BACKUP_ID, plaintext);
        offsite.put(key, new ByteArrayInputStream(ciphertext));
        offsite.put(BackupNaming.sidecarKey(key), new ByteArrayInputStream(
                Sidecars.format(backup.sha256(), key).getBytes(StandardCharsets.UTF_8)));
        offsite.put(OffsiteCopies.manifestKey(key), new ByteArrayInputStream(new EventCodec().encode(backup)));
        offsite.put(OffsiteCopies.recordKey(key), new ByteArrayInputStream(new EventCodec().encode(
                new BackupReplicated(UUID.randomUUID(), Instant.now(), "app", "user", LEGACY_BACKUP_ID, key, "s3://rec",
                        backup.sha256(), "copied, sha256 of the plaintext verified", true,
                        "aes-256-gcm-segmented-v2", "legacy-2026", Sha256.of(ciphertext), (long) ciphertext.length))));
        return backup;
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ReconciliationIT.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private void flipAByteInTheMiddleOf(String key) throws Exception {
        byte[] bytes;
        try (InputStream in = offsite.get(key)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length / 2] ^= 0x01;
        offsite.put(key, new ByteArrayInputStream(bytes));
    }

    /** The catalog-service's BackupView list for the query's database (fields the command does not read omitted). */
    private byte[] catalogJson(String query) {
        List<Map<String, Object>> views = new ArrayList<>();
        for (BackupCompleted c : catalog) {
            if (query != null && query.contains("database=") && !query.contains("database=" + c.database())) {
                continue;
            }
            Map<String, Object> view = new HashMap<>();
            view.put("backupId", c.backupId().toString());
            view.put("database", c.database());
            view.put("schema", c.schema());
            view.put("status", "COMPLETED");
            view.put("sha256", c.sha256());
            view.put("sizeBytes", c.sizeBytes());
            view.put("objects", c.objects().stream()
                    .map(o -> Map.of("key", o.key(), "tier", o.tier().name(), "status", "ACTIVE")).toList());
            views.add(view);
        }
        return JsonMapper.builder().build().writeValueAsBytes(views);
    }

    private Map<String, String> environment() {
        TestS3.Endpoint p = TestS3.endpoint();
        TestS3.Endpoint o = TestS3.offsiteEndpoint();
        Map<String, String> env = new HashMap<>();
        env.put("CATALOG_URL", "http://127.0.0.1:" + catalogApi.getAddress().getPort());
        env.put("CATALOG_API_TOKEN", CATALOG_TOKEN);
        env.put("BACKUP_WORKER_STORE_TYPE", "s3");
        env.put("S3_ENDPOINT", p.url());
        env.put("S3_ACCESS_KEY", p.accessKey());
        env.put("S3_SECRET_KEY", p.secretKey());
        env.put("S3_BUCKET", primary.bucket());
        env.put("S3_OFFSITE_ENDPOINT", o.url());
        env.put("S3_OFFSITE_ACCESS_KEY", o.accessKey());
        env.put("S3_OFFSITE_SECRET_KEY", o.secretKey());
        env.put("S3_OFFSITE_BUCKET", offsite.bucket());
        env.put("OFFSITE_ENCRYPTION_KEYSET", keysetJson);
        return env;
    }

    private int runInProcess() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ReconcileCommand.run(new String[] {"--database", database}, environment(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return status;
    }

    private record Script(int exitCode, String stdout, String stderr) {
    }

    /** {@code bin/reconcile} as an operator runs it: the offsite-replicator jar built by this module's package phase. */
    private Script runTheScript(String... args) throws Exception {
        return runTheScript(Map.of(), args);
    }

    /** The same, with some variables changed. */
    private Script runTheScript(Map<String, String> changed, String... args) throws Exception {
        Path repo = RepositoryRoot.containing("bin/reconcile");
        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("bin/reconcile").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment());
        pb.environment().putAll(changed);
        Process process = pb.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Script(process.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
