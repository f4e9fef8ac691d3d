package com.aquastream.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.AlertRaised;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupReplicated;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.testsupport.Closeables;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.RepositoryRoot;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestKafka;
import com.aquastream.backup.testsupport.TestS3;
import io.minio.MakeBucketArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard ({@code ops/grafana/dashboards/backup-platform.json}) asks only for series the services
 * really export: the five services run (four in this JVM, the offsite-replicator as its own JVM) against real
 * PostgreSQL, the Kafka broker and S3 servers; one backup (replicated offsite), one verification drill, one refused
 * restore and one failed backup give every series a value; then a real Prometheus server scrapes the services every
 * second, and every panel's query, Grafana's variables replaced, must return data. A renamed metric or label fails
 * here, not on an operator's empty panel. The file itself (ids, data source, thresholds, provisioning) is
 * {@link DashboardFileTest}'s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String SIGNING_KEY = "e2e-signing-key-0123456789abcdefghijklmnop";
    private static final RestoreSignatures SIGNER =
            new RestoreSignatures(SIGNING_KEY.getBytes(StandardCharsets.UTF_8));

    private final GrafanaDashboard dashboard =
            GrafanaDashboard.read(RepositoryRoot.containing(GrafanaDashboard.FILE).resolve(GrafanaDashboard.FILE));

    private TestDatabase source;
    private TestDatabase catalogDb;
    private TestDatabase alertingDb;
    private EventCollector events;
    private CatalogInstance catalog;
    private AlertingInstance alerting;
    private WorkerInstance backupWorker;
    private RestoreWorkerInstance restoreWorker;
    private OffsiteReplicatorProcess offsite;
    private PrometheusServer prometheus;
    /** The services' real HTTP ports, under the job names of ops/prometheus/prometheus.yml. */
    private final Map<String, Integer> scrapeTargets = new LinkedHashMap<>();
    private long startedNanos;

    @BeforeAll
    void startTheSystemBackUpRestoreAndScrape() throws Exception {
        startedNanos = System.nanoTime();
        PrometheusServer.binary(); // fails at once, before minutes of set-up, when it is not installed
        givenTheFiveServices();

        BackupCompleted backup = backUp("user", List.of(Tier.DAILY, Tier.WEEKLY));
        events.await(BackupReplicated.class, BackupReplicated::backupId, backup.backupId(), TIMEOUT);
        verify(backup);
        refusedRestoreOf(backup);
        failedBackupOf("event");

        prometheus = PrometheusServer.start(scrapeTargets, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(prometheus.seriesOf("up == 1")).as("targets up\n%s", prometheus.log()).isEqualTo(5);
            assertThat(prometheus.seriesOf("count_over_time(up[1m]) >= 5")).as("targets scraped 5 times")
                    .isEqualTo(5);
        });
        System.out.printf("DashboardQueriesIT: system, backup, drill and 5 scrapes in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
    }

    @AfterAll
    void stopEverything() {
        Closeables.closeAll(prometheus, offsite, restoreWorker, backupWorker, alerting, catalog, events, alertingDb,
                catalogDb, source);
    }

    @Test
    void everyPanelQueryReturnsDataFromTheRunningServices() {
        long started = System.nanoTime();
        List<GrafanaDashboard.PanelQuery> queries = dashboard.queries();

        try {
            // The catalog and alerting-service record asynchronously: give late series a few more scrapes.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> withoutData(queries).isEmpty());
        } catch (ConditionTimeoutException stillEmpty) {
            // reported below, query by query
        }
        List<String> empty = withoutData(queries);

        assertThat(empty).as("dashboard queries without data (a metric or label renamed, or no longer exported?)")
                .isEmpty();
        for (GrafanaDashboard.PanelQuery q : queries) {
            System.out.printf("  %3d series  %s%n", prometheus.seriesOf(q.promql()), q.describe());
        }
        System.out.printf("DashboardQueriesIT: %d panels, %d queries, each returned data (%d ms)%n",
                dashboard.panels().size(), queries.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Spring Boot instruments only the Kafka consumers it builds; the job consumers and any consumer factory a service
     * builds itself must be bound explicitly, or that service's groups are missing from the lag panel.
     */
    @Test
    void theConsumerLagPanelShowsTheConsumersOfEveryService() {
        Set<String> jobs = new HashSet<>();

        prometheus.query("count by (job) (kafka_consumer_fetch_manager_records_lag_max)").path("result")
                .forEach(series -> jobs.add(series.path("metric").path("job").asString()));

        assertThat(jobs).as("services whose Kafka consumers report their lag")
                .containsExactlyInAnyOrderElementsOf(scrapeTargets.keySet());
    }

    @Test
    void everyTemplateVariableOffersValues() {
        for (GrafanaDashboard.VariableQuery variable : dashboard.variableQueries()) {
            assertThat(variable.promql()).as("variable %s: only label_values(selector, label) can be checked: %s",
                    variable.name(), variable.definition()).isNotNull();

            assertThat(problemWith(variable.promql())).as("variable %s (%s)", variable.name(), variable.promql())
                    .isNull();
        }
    }

    // ---------------------------------------------------------------------------------------------- the system

    private void givenTheFiveServices() throws Exception {
        source = TestDatabases.create();
        SixSchemas.populate(source, 20);
        catalogDb = TestDatabases.create();
        alertingDb = TestDatabases.create();
        String database = source.name();
        TestS3.Endpoint s3 = TestS3.endpoint();
        String bucket = TestS3.newBucket();
        TestS3.Endpoint offsiteS3 = TestS3.offsiteEndpoint();
        String offsiteBucket = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        TestS3.client(offsiteS3).makeBucket(MakeBucketArgs.builder().bucket(offsiteBucket).build());
        events = new EventCollector(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.BACKUP_REPLICATED,
                Topics.RESTORE_VERIFIED, Topics.RESTORE_REJECTED, Topics.ALERT_RAISED);

        catalog = CatalogInstance.start(catalogDb, Map.of(
                "server.port", portFor("catalog-service"),
                "catalog.schedule.cron", "-",
                "catalog.schedule.catch-up-on-start", "false",
                "catalog.schedule.targets." + database, "user,event"));
        alerting = AlertingInstance.start(alertingDb, Map.of(
                "server.port", portFor("alerting-service"),
                "alerting.targets.aquastream", "",
                "alerting.targets." + database, "user,event"));
        backupWorker = WorkerInstance.start(Map.of(
                "server.port", portFor("backup-worker"),
                "backup.worker.databases." + database, "user,event",
                "backup.platform.store.type", "s3",
                "backup.platform.store.s3.endpoint", s3.url(),
                "backup.platform.store.s3.region", s3.region(),
                "backup.platform.store.s3.access-key", s3.accessKey(),
                "backup.platform.store.s3.secret-key", s3.secretKey(),
                "backup.platform.store.s3.bucket", bucket));
        restoreWorker = RestoreWorkerInstance.start(Map.of(
                "server.port", portFor("restore-worker"),
                "restore.signing-key", SIGNING_KEY,
                "restore.allowed-databases", database,
                "backup.platform.store.type", "s3",
                "backup.platform.store.s3.endpoint", s3.url(),
                "backup.platform.store.s3.region", s3.region(),
                "backup.platform.store.s3.access-key", s3.accessKey(),
                "backup.platform.store.s3.secret-key", s3.secretKey(),
                "backup.platform.store.s3.bucket", bucket));
        Map<String, Object> offsiteProperties = new LinkedHashMap<>();
        offsiteProperties.put("backup.platform.store.type", "s3");
        offsiteProperties.put("backup.platform.store.s3.endpoint", s3.url());
        offsiteProperties.put("backup.platform.store.s3.region", s3.region());
        offsiteProperties.put("backup.platform.store.s3.access-key", s3.accessKey());
        offsiteProperties.put("backup.platform.store.s3.secret-key", s3.secretKey());
        offsiteProperties.put("backup.platform.store.s3.bucket", bucket);
        offsiteProperties.put("offsite.destination.endpoint", offsiteS3.url());
        offsiteProperties.put("offsite.destination.region", offsiteS3.region());
        offsiteProperties.put("offsite.destination.access-key", offsiteS3.accessKey());
        offsiteProperties.put("offsite.destination.secret-key", offsiteS3.secretKey());
        offsiteProperties.put("offsite.destination.bucket", offsiteBucket);
        offsiteProperties.put("offsite.target", "s3://" + offsiteBucket);
        offsiteProperties.put("backup.platform.consumer.group", "offsite-replicator-e2e-" + UUID.randomUUID());
        offsiteProperties.put("backup.platform.consumer.auto-offset-reset", "latest");
        offsiteProperties.put("backup.platform.consumer.poll-timeout", "100ms");
        offsite = OffsiteReplicatorProcess.start(portFor("offsite-replicator"), offsiteProperties);
    }

    /** A free port for {@code job}, remembered for Prometheus's scrape configuration. */
    private int portFor(String job) {
        int port = PrometheusServer.freePort();
        scrapeTargets.put(job, port);
        return port;
    }

    private BackupCompleted backUp(String schema, List<Tier> tiers) throws Exception {
        UUID requestId = UUID.randomUUID();
        send(Topics.BACKUP_REQUESTED, new BackupRequested(UUID.randomUUID(), Instant.now(), source.name(), schema,
                requestId, tiers, Trigger.MANUAL, "e2e", null));
        return events.await(BackupCompleted.class, BackupCompleted::requestId, requestId, TIMEOUT);
    }

    /** A verification drill of {@code backup}: the catalog's "last passed drill" gauge appears with it. */
    private void verify(BackupCompleted backup) throws Exception {
        RestoreRequested drill = send(Topics.RESTORE_REQUESTED, SIGNER.signed(restoreOf(backup, RestoreMode.VERIFY)));
        events.await(RestoreVerified.class, RestoreVerified::restoreId, drill.restoreId(), TIMEOUT);
    }

    /** An unsigned command: rejected, a restore failure by reason. */
    private void refusedRestoreOf(BackupCompleted backup) throws Exception {
        RestoreRequested unsigned = send(Topics.RESTORE_REQUESTED, restoreOf(backup, RestoreMode.VERIFY));
        events.await(RestoreRejected.class, RestoreRejected::restoreId, unsigned.restoreId(), TIMEOUT);
    }

    /** A backup of a schema that is gone while the worker dumps: a failed backup and the alert it raises. */
    private void failedBackupOf(String schema) throws Exception {
        source.execute("alter schema \"" + schema + "\" rename to \"" + schema + "_offline\"");
        try {
            UUID requestId = UUID.randomUUID();
            send(Topics.BACKUP_REQUESTED, new BackupRequested(UUID.randomUUID(), Instant.now(), source.name(),
                    schema, requestId, List.of(Tier.MANUAL), Trigger.MANUAL, "e2e", null));
            events.await(BackupFailed.class, BackupFailed::requestId, requestId, TIMEOUT);
        } finally {
            source.execute("alter schema \"" + schema + "_offline\" rename to \"" + schema + "\"");
        }
        await().atMost(TIMEOUT).until(() -> events.all(AlertRaised.class).stream()
                .anyMatch(a -> source.name().equals(a.database()) && schema.equals(a.schema())));
    }

    private RestoreRequested restoreOf(BackupCompleted backup, RestoreMode mode) {
        return new RestoreRequested(UUID.randomUUID(), Instant.now(), backup.database(), backup.schema(),
                UUID.randomUUID(), backup.backupId(), backup.objects().get(0).key(), backup.database(), mode, false,
                "e2e", null, null, null, null);
    }

    private static <T extends Event> T send(String topic, T event) throws Exception {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer()) {
            producer.send(new ProducerRecord<>(topic, event.messageKey(), new EventCodec().encode(event)))
                    .get(30, TimeUnit.SECONDS);
        }
        return event;
    }

    // ---------------------------------------------------------------------------------------------- the dashboard

    private List<String> withoutData(List<GrafanaDashboard.PanelQuery> queries) {
        List<String> empty = new ArrayList<>();
        for (GrafanaDashboard.PanelQuery q : queries) {
            String problem = problemWith(q.promql());
            if (problem != null) {
                empty.add(q.describe() + "\n      " + problem);
            }
        }
        return empty;
    }

    /** Null when the query returns at least one series, else what is wrong with it. */
    private String problemWith(String promql) {
        try {
            JsonNode data = prometheus.query(promql);
            JsonNode result = data.path("result");
            if (result.isArray() && result.isEmpty()) {
                return "no series";
            }
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
