package com.aquastream.backup.worker;

import static com.aquastream.backup.worker.WorkerFixtures.aManualRequest;
import static com.aquastream.backup.worker.WorkerFixtures.restoreWithStandardTools;
import static com.aquastream.backup.worker.WorkerFixtures.send;
import static com.aquastream.backup.worker.WorkerFixtures.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TcpProxy;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestS3;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup path into a real S3 API server (S3Proxy), including an outage of the S3 endpoint mid-upload. */
class BackupFlowS3IT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int ROWS = 2000;

    @TempDir
    static Path downloads;

    static TestDatabase source;
    static EventCollector events;
    static MinioClient s3;

    @BeforeAll
    static void createSource() {
        source = TestDatabases.create();
        SixSchemas.populate(source, ROWS);
        events = new EventCollector(Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED);
        s3 = TestS3.client();
    }

    @AfterAll
    static void dropSource() {
        events.close();
        source.close();
    }

    @Test
    void storesEachSchemaInS3WithTheChecksumAndSizeOfTheStoredObject() throws Exception {
        String bucket = TestS3.newBucket();
        try (WorkerInstance worker = WorkerInstance.start(s3Worker(TestS3.endpoint().url(), bucket, "s3"))) {
            List<BackupRequested> requests = SixSchemas.NAMES.stream()
                    .map(s -> aManualRequest(source.name(), s)).toList();

            requests.forEach(WorkerFixtures::send);

            for (BackupRequested request : requests) {
                BackupCompleted completed = events.await(BackupCompleted.class, BackupCompleted::requestId,
                        request.requestId(), TIMEOUT);
                assertThat(completed.store()).isEqualTo("s3");
                String key = completed.objects().get(0).key();
                byte[] stored = download(bucket, key);
                assertThat(completed.sha256()).isEqualTo(sha256(stored));
                assertThat(completed.sizeBytes()).isEqualTo(stored.length);
                assertThat(completed.snapshotLsn()).matches("[0-9A-F]+/[0-9A-F]+");
                assertThat(new String(download(bucket, key + ".sha256"), StandardCharsets.UTF_8))
                        .isEqualTo(completed.sha256() + "  " + Path.of(key).getFileName() + "\n");
                Path file = downloads.resolve(Path.of(key).getFileName().toString());
                Files.write(file, stored);
                try (TestDatabase fresh = TestDatabases.create()) {
                    assertThat(restoreWithStandardTools(file, fresh.name())).isEmpty();
                    assertThat(fresh.rowCounts(request.schema())).isEqualTo(completed.tableRowCounts())
                            .isEqualTo(SixSchemas.expectedRowCounts(request.schema(), ROWS));
                }
            }
        }
    }

    @Test
    void anS3OutageDuringTheUploadIsRetriedThenFailsCleanly() throws Exception {
        String bucket = TestS3.newBucket();
        try (TcpProxy network = TcpProxy.inFrontOf(TestS3.endpoint().url());
             WorkerInstance worker = WorkerInstance.start(s3Worker(network.url(), bucket, "outage"))) {
            BackupRequested request = aManualRequest(source.name(), "user");
            // Every connection dies after 8 KiB sent: small requests (the manifest lookup) pass, the archive's
            // upload is cut midway through its body.
            network.cutAfter(8192);

            send(request);

            BackupFailed failed = events.await(BackupFailed.class, BackupFailed::requestId, request.requestId(),
                    TIMEOUT);
            assertThat(failed.attempt()).isEqualTo(3);
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.reason()).contains("storing the archive failed");
            assertThat(keysIn(bucket)).isEmpty();
            assertThat(failed.reason()).doesNotContain(TestS3.endpoint().secretKey());
        }
    }

    @Test
    void anS3OutageThatEndsWithinTheRetriesStillCompletesTheBackup() throws Exception {
        String bucket = TestS3.newBucket();
        try (TcpProxy network = TcpProxy.inFrontOf(TestS3.endpoint().url());
             WorkerInstance worker = WorkerInstance.start(s3Worker(network.url(), bucket, "heal"))) {
            BackupRequested request = aManualRequest(source.name(), "event");
            network.cutAfter(8192);
            long connectionsBefore = network.connections();

            send(request);
            org.awaitility.Awaitility.await().atMost(TIMEOUT)
                    .until(() -> network.connections() > connectionsBefore);
            network.heal();

            BackupCompleted completed = events.await(BackupCompleted.class, BackupCompleted::requestId,
                    request.requestId(), TIMEOUT);
            assertThat(sha256(download(bucket, completed.objects().get(0).key()))).isEqualTo(completed.sha256());
            assertThat(keysIn(bucket)).as("published, and nothing left in the staging area")
                    .noneMatch(k -> k.startsWith("staging/"));
        }
    }

    private Map<String, Object> s3Worker(String endpoint, String bucket, String name) {
        Map<String, Object> settings = new HashMap<>(WorkerFixtures.workerFor(source.name(), downloads));
        settings.put("backup.worker.pool", "it-s3-" + name + "-" + source.name());
        settings.put("backup.platform.store.type", "s3");
        settings.put("backup.platform.store.s3.endpoint", endpoint);
        settings.put("backup.platform.store.s3.bucket", bucket);
        settings.put("backup.platform.store.s3.access-key", TestS3.endpoint().accessKey());
        settings.put("backup.platform.store.s3.secret-key", TestS3.endpoint().secretKey());
        settings.put("backup.worker.retry.max-attempts", "3");
        settings.put("backup.worker.retry.initial-backoff", "500ms");
        return settings;
    }

    private static byte[] download(String bucket, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static List<String> keysIn(String bucket) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> r : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(r.get().objectName());
        }
        return keys;
    }
}
