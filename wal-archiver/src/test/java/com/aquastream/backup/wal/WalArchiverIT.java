package com.aquastream.backup.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.platform.JobConsumer;
import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.wal.ArchivedWal;
import com.aquastream.backup.core.wal.BaseBackupKeys;
import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.BaseBackups;
import com.aquastream.backup.core.wal.Lsn;
import com.aquastream.backup.core.wal.WalArchiveKeys;
import com.aquastream.backup.core.wal.WalChain;
import com.aquastream.backup.core.wal.WalSegmentName;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupRequested;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.events.WalArchived;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.events.WalStatus;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.ServiceSmoke;
import com.aquastream.backup.testsupport.TestCluster;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.wal.archiving.ClusterArchiver;
import com.aquastream.backup.wal.archiving.WalArchiving;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service on real components: a throw-away PostgreSQL cluster (1 MiB segments), the project's secured broker as
 * principal {@code wal-archiver}, the filesystem store. WAL written on the server arrives in the store, announced by
 * {@code wal.archived}; {@code wal.status} reports the lag; a pg_receivewal whose connection the server cut is
 * started again and archiving goes on; a requested base backup is stored and announced; shutdown stops pg_receivewal.
 */
class WalArchiverIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private TestCluster server;
    private ObjectStore store;
    private ConfigurableApplicationContext app;
    private String cluster;

    @BeforeEach
    void startServer() throws IOException {
        server = TestCluster.start(1);
        store = new FilesystemObjectStore(temp.resolve("store"));
        cluster = "it_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopAll() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void archivesTheWalOfAClusterAndKeepsReceivingAfterTheConnectionWasCut() throws Exception {
        try (EventCollector events = new EventCollector(Topics.WAL_ARCHIVED, Topics.WAL_STATUS,
                Topics.BASEBACKUP_COMPLETED, Topics.BASEBACKUP_FAILED,
                Topics.deadLetterOf(Topics.BASEBACKUP_REQUESTED))) {
            app = start();
            ClusterArchiver archiver = app.getBean(WalArchiving.class).archiver(cluster);
            await().atMost(TIMEOUT).until(archiver::receiving);

            String lastSwitched = givenWalSwitchedThreeTimes();
            long started = System.nanoTime();
            WalArchived last = awaitArchived(events, lastSwitched);
            long archivedMillis = (System.nanoTime() - started) / 1_000_000;

            List<WalArchived> completed = events.events(WalArchived.class,
                    e -> e.database().equals(cluster) && !e.partial());
            assertThat(completed).extracting(WalArchived::segment).contains(lastSwitched).doesNotHaveDuplicates();
            for (WalArchived archived : completed) {
                assertStoredWithMatchingSidecar(archived);
                assertThat(archived.schema()).isEqualTo(WalEvent.CLUSTER_SCHEMA);
                assertThat(archived.walBytes()).isEqualTo(server.walSegmentBytes());
                // compressed with the codec's default level (a gzip level 0 would store 1 MiB as it is)
                assertThat(archived.sizeBytes()).isLessThan(archived.walBytes() / 4);
                assertThat(archived.key()).startsWith(WalArchiveKeys.clusterPrefix(cluster));
            }
            assertThat(last.endLsn()).isNotBlank();

            server.execute("insert into t select generate_series(1, 5000)");
            WalStatus status = await().atMost(TIMEOUT).until(() -> events.events(WalStatus.class,
                            s -> s.database().equals(cluster) && s.receiving() && s.lagBytes() != null
                                    && s.serverLsn() != null).stream().reduce((a, b) -> b).orElse(null),
                    s -> s != null);
            assertThat(status.shippedLsn()).isNotNull();
            assertThat(status.lagSeconds()).isNotNull().isNotNegative();
            assertThat(status.reason()).isNull();
            // Each newer snapshot replaces the older one in the store (and the completed segment replaces both):
            // the newest announced snapshot is the one stored, once the WAL stops moving.
            await().atMost(TIMEOUT).untilAsserted(() -> {
                List<WalArchived> partials = events.events(WalArchived.class,
                        e -> e.database().equals(cluster) && e.partial());
                assertThat(partials).isNotEmpty();
                assertStoredWithMatchingSidecar(partials.get(partials.size() - 1));
            });

            int cut = Integer.parseInt(server.queryForString("select count(pg_terminate_backend(pid))"
                    + " from pg_stat_replication where application_name = 'pg_receivewal'"));
            assertThat(cut).isEqualTo(1);
            await().atMost(TIMEOUT).until(() -> archiver.receiverRestarts() >= 1 && archiver.receiving());
            String afterRestart = server.queryForString("select pg_walfile_name(pg_switch_wal())");
            awaitArchived(events, afterRestart);

            HttpResponse<String> health = get("/actuator/health");
            HttpResponse<String> metrics = get("/actuator/prometheus");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"walArchiver\"");
            assertThat(metrics.body())
                    .containsPattern("backup_wal_segments_shipped_total\\{[^}]*cluster=\"" + cluster + "\"")
                    .containsPattern("backup_wal_receiver_restarts_total\\{[^}]*cluster=\"" + cluster + "\"[^}]*} 1")
                    .containsPattern("backup_wal_receiving\\{[^}]*cluster=\"" + cluster + "\"[^}]*} 1")
                    .contains("backup_wal_lag_bytes{").contains("backup_wal_lag_seconds{");

            app.close();
            app = null;
            assertThat(server.queryForString("select count(*) from pg_stat_replication")).as("pg_receivewal stopped")
                    .isEqualTo("0");
            System.out.printf("WalArchiverIT: %d segments archived, the last %d ms after its switch; restarts %d%n",
                    completed.size(), archivedMillis, archiver.receiverRestarts());
        }
    }

    @Test
    void storesARequestedBaseBackupAndDeadLettersARequestForAnUnknownCluster() throws Exception {
        try (EventCollector events = new EventCollector(Topics.BASEBACKUP_COMPLETED, Topics.BASEBACKUP_FAILED,
                Topics.deadLetterOf(Topics.BASEBACKUP_REQUESTED))) {
            app = start();
            JobConsumer requests = app.getBean("baseBackupRequestedConsumer", JobConsumer.class);
            await().atMost(TIMEOUT).until(requests::isReady);
            UUID requestId = UUID.randomUUID();

            publish(new BaseBackupRequested(UUID.randomUUID(), Instant.now(), "no_such_cluster",
                    WalEvent.CLUSTER_SCHEMA, UUID.randomUUID(), Trigger.MANUAL, "it"));
            publish(new BaseBackupRequested(UUID.randomUUID(), Instant.now(), cluster, WalEvent.CLUSTER_SCHEMA,
                    requestId, Trigger.MANUAL, "it"));
            BaseBackupCompleted completed = events.await(BaseBackupCompleted.class, BaseBackupCompleted::requestId,
                    requestId, Duration.ofSeconds(120));

            assertThat(completed.database()).isEqualTo(cluster);
            assertThat(completed.format()).isEqualTo("pg_basebackup-tar");
            assertThat(completed.manifestVerified()).isTrue();
            assertThat(store.exists(completed.key())).isTrue();
            try (InputStream in = store.get(completed.key())) {
                assertThat(Sha256.of(in)).isEqualTo(completed.sha256());
            }
            assertThat(completed.timeline()).isEqualTo(1L);
            await().atMost(TIMEOUT).until(() -> !events.deadLetters().isEmpty());
            assertThat(new EventCodec().decode(events.deadLetters().get(0).value(), BaseBackupRequested.class)
                    .database()).isEqualTo("no_such_cluster");
        }
    }

    /**
     * Retention and the chain check against the real store: with a window of a few seconds, the older of two base
     * backups and the WAL before the newer one's start are deleted, the newer one and its WAL stay; then a segment
     * deleted from the store by hand is named by the next {@code wal.status} and counted by the metric. Before the
     * deletion {@code wal.status} reports the older one's finish as {@code recoverableFrom}, after it the newer one's.
     */
    @Test
    void deletesWhatTheWindowNoLongerNeedsAndReportsASegmentMissingFromTheStore() throws Exception {
        try (EventCollector events = new EventCollector(Topics.WAL_ARCHIVED, Topics.WAL_STATUS,
                Topics.BASEBACKUP_COMPLETED, Topics.BASEBACKUP_FAILED)) {
            app = start("--backup.wal.retention.window=5s", "--backup.wal.retention.interval=1s",
                    "--backup.wal.chain-check-interval=1s");
            JobConsumer requests = app.getBean("baseBackupRequestedConsumer", JobConsumer.class);
            await().atMost(TIMEOUT).until(requests::isReady);
            BaseBackupCompleted older = givenBaseBackupThenWalSwitched(events, 2);
            BaseBackupCompleted newer = givenBaseBackupThenWalSwitched(events, 3);
            long started = System.nanoTime();

            await().atMost(TIMEOUT).until(() -> BaseBackups.list(store, cluster).size() == 1);
            long deletedMillis = (System.nanoTime() - started) / 1_000_000;
            // The chain check right after the deletion lists the store (every second here), a status every second.
            Instant listedAgain = Instant.now().plusSeconds(2);
            WalStatus afterRetention = await().atMost(TIMEOUT).until(() -> events.events(WalStatus.class,
                    s -> s.database().equals(cluster) && s.occurredAt().isAfter(listedAgain)).stream().findFirst()
                    .orElse(null), s -> s != null);

            assertThat(BaseBackups.list(store, cluster)).extracting(BaseBackupResult::backupId)
                    .containsExactly(newer.backupId());
            assertThat(store.list(BaseBackupKeys.folderOf(older.key()))).isEmpty();
            assertThat(store.exists(newer.key())).isTrue();
            assertThat(afterRetention.recoverableFrom()).isEqualTo(newer.finishedAt());
            assertThat(events.events(WalStatus.class, s -> s.database().equals(cluster)
                    && s.occurredAt().isBefore(newer.finishedAt()) && s.recoverableFrom() != null))
                    .allSatisfy(s -> assertThat(s.recoverableFrom()).isEqualTo(older.finishedAt()));
            long segmentBytes = server.walSegmentBytes();
            WalSegmentName keepFrom = WalSegmentName.containing(newer.timeline(), Lsn.parse(newer.startLsn()),
                    segmentBytes);
            List<WalSegmentName> stored = storedSegments(segmentBytes);
            assertThat(stored).isNotEmpty().allMatch(s -> s.segmentNumber() >= keepFrom.segmentNumber());
            assertThat(stored.get(0)).isEqualTo(keepFrom);
            assertThat(WalChain.gaps(cluster, store.list(WalArchiveKeys.clusterPrefix(cluster)), segmentBytes,
                    Optional.of(keepFrom), 10).none()).isTrue();

            WalSegmentName lost = stored.get(1);
            store.delete(WalArchiveKeys.segmentKey(cluster, lost, Compression.GZIP));
            Instant deletedAt = Instant.now();
            WalStatus reported = await().atMost(TIMEOUT).until(() -> events.events(WalStatus.class,
                    s -> s.database().equals(cluster) && s.occurredAt().isAfter(deletedAt)
                            && s.missingSegments() != null && !s.missingSegments().isEmpty()).stream().findFirst()
                    .orElse(null), s -> s != null);

            assertThat(reported.missingSegments()).containsExactly(lost.fileName());
            assertThat(get("/actuator/prometheus").body())
                    .containsPattern("backup_wal_missing_segments\\{[^}]*cluster=\"" + cluster + "\"[^}]*} 1.0")
                    .containsPattern("backup_wal_retention_deleted_total\\{[^}]*cluster=\"" + cluster + "\"");
            System.out.printf("WalArchiverIT: older base backup and the WAL before %s deleted %d ms after"
                    + " the newer backup; missing %s reported%n", keepFrom,
                    deletedMillis, lost);
        }
    }

    /** Served like every service: health (with walArchiver) and Prometheus, no other actuator endpoint unasked. */
    @Test
    void servesHealthAndPrometheusButNoActuatorEndpointItWasNotConfiguredFor() throws Exception {
        ServiceSmoke.assertServesHealthAndPrometheus(WalArchiverApplication.class, settings(cluster));
    }

    @Test
    void refusesToStartWithAClusterNameThatIsNoPlainIdentifier() {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.structured.format.console="));
        args.addAll(List.of(settings("main;drop")));

        assertThatThrownBy(() -> new SpringApplicationBuilder(WalArchiverApplication.class)
                .run(TestKafka.withLogin("wal-archiver", args.toArray(String[]::new))).close())
                .satisfies(e -> assertThat(Stream.iterate(e, t -> t != null, Throwable::getCause)
                        .map(String::valueOf)).anyMatch(m -> m.contains("backup.wal.clusters[].name")));
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.structured.format.console="));
        args.addAll(List.of(settings(cluster)));
        args.addAll(List.of(extra));
        args.add("--management.endpoints.web.exposure.include=health,prometheus");
        args.add("--management.endpoint.health.show-components=always");
        return new SpringApplicationBuilder(WalArchiverApplication.class)
                .run(TestKafka.withLogin("wal-archiver", args.toArray(String[]::new)));
    }

    /**
     * The service on this test's server, store and spool, with short turns; Kafka's login, the port and the log
     * format are the caller's (given twice, Spring would join them).
     */
    private String[] settings(String clusterName) {
        return new String[] {
                "--backup.platform.consumer.auto-offset-reset=latest",
                "--backup.platform.consumer.group=wal-archiver-it-" + UUID.randomUUID(),
                "--backup.platform.consumer.poll-timeout=200ms",
                "--backup.platform.store.type=filesystem",
                "--backup.platform.store.filesystem-root=" + temp.resolve("store"),
                "--backup.wal.clusters[0].name=" + clusterName,
                "--backup.wal.clusters[0].host=" + server.host(),
                "--backup.wal.clusters[0].port=" + server.port(),
                "--backup.wal.clusters[0].user=" + TestCluster.USER,
                "--backup.wal.spool=" + temp.resolve("spool"),
                "--backup.wal.bin-dir=" + server.binDir(),
                "--backup.wal.ship-interval=200ms",
                "--backup.wal.partial-interval=1s",
                "--backup.wal.status-interval=1s",
                "--backup.wal.restart-backoff=200ms",
                "--backup.wal.restart-backoff-max=2s",
                "--backup.wal.basebackup.cron=-",
                "--backup.wal.basebackup.retry-backoff=1s"};
    }

    /** Requests a base backup and waits for it, then switches the WAL {@code switches} times and waits for those. */
    private BaseBackupCompleted givenBaseBackupThenWalSwitched(EventCollector events, int switches) throws Exception {
        UUID requestId = UUID.randomUUID();
        publish(new BaseBackupRequested(UUID.randomUUID(), Instant.now(), cluster, WalEvent.CLUSTER_SCHEMA,
                requestId, Trigger.MANUAL, "it"));
        BaseBackupCompleted completed = events.await(BaseBackupCompleted.class, BaseBackupCompleted::requestId,
                requestId, Duration.ofSeconds(120));
        server.execute("create table if not exists t (n int)");
        String last = null;
        for (int i = 0; i < switches; i++) {
            server.execute("insert into t select generate_series(1, 1000)");
            last = server.queryForString("select pg_walfile_name(pg_switch_wal())");
        }
        awaitArchived(events, last);
        return completed;
    }

    /** The completed segments in the store, oldest first. */
    private List<WalSegmentName> storedSegments(long segmentBytes) throws IOException {
        return store.list(WalArchiveKeys.clusterPrefix(cluster)).stream()
                .map(key -> ArchivedWal.parse(cluster, key, segmentBytes)).flatMap(Optional::stream)
                .filter(wal -> !wal.sidecar() && !wal.history() && !wal.partial())
                .map(wal -> wal.segment().orElseThrow())
                .sorted(java.util.Comparator.comparing(WalSegmentName::segmentNumber)).toList();
    }

    private String givenWalSwitchedThreeTimes() {
        server.execute("create table t as select generate_series(1, 20000) as n");
        String last = null;
        for (int i = 0; i < 3; i++) {
            server.execute("insert into t select generate_series(1, 1000)");
            last = server.queryForString("select pg_walfile_name(pg_switch_wal())");
        }
        return last;
    }

    private WalArchived awaitArchived(EventCollector events, String segment) {
        return await().atMost(TIMEOUT).until(() -> events.events(WalArchived.class,
                        e -> e.database().equals(cluster) && !e.partial() && e.segment().equals(segment)).stream()
                .findFirst().orElse(null), e -> e != null);
    }

    private void assertStoredWithMatchingSidecar(WalArchived archived) throws IOException {
        try (InputStream object = store.get(archived.key());
             InputStream sidecar = store.get(WalArchiveKeys.sidecarKey(archived.key()))) {
            assertThat(Sha256.of(object)).as(archived.key()).isEqualTo(archived.sha256());
            assertThat(Sidecars.parseSha256(new String(sidecar.readAllBytes(), StandardCharsets.US_ASCII)))
                    .isEqualTo(archived.sha256());
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void publish(BaseBackupRequested request) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.BASEBACKUP_REQUESTED, request.messageKey(),
                    new EventCodec().encode(request))).get(30, TimeUnit.SECONDS);
        }
    }
}
