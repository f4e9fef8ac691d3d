package com.aquastream.backup.worker;

import static com.aquastream.backup.worker.WorkerFixtures.aManualRequest;
import static com.aquastream.backup.worker.WorkerFixtures.send;
import static com.aquastream.backup.worker.WorkerFixtures.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.testsupport.EventCollector;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast codec: zstd archives ({@code .dump.zst}) that decompress to a pg_dump archive pg_restore accepts. */
class ZstdBackupIT {

    @TempDir
    Path store;

    @Test
    void storesAZstdArchiveThatRestoresTheRecordedRowCounts() throws Exception {
        try (TestDatabase source = TestDatabases.create();
             EventCollector events = new EventCollector(Topics.BACKUP_COMPLETED)) {
            SixSchemas.populate(source, 100);
            Map<String, Object> settings = new HashMap<>(WorkerFixtures.workerFor(source.name(), store));
            settings.put("backup.worker.compression", "zstd");
            try (WorkerInstance worker = WorkerInstance.start(settings)) {
                BackupRequested request = aManualRequest(source.name(), "crew");

                send(request);

                BackupCompleted completed = events.await(BackupCompleted.class, BackupCompleted::requestId,
                        request.requestId(), Duration.ofSeconds(90));
                assertThat(completed.compression()).isEqualTo("zstd");
                String key = completed.objects().get(0).key();
                assertThat(key).endsWith(".dump.zst");
                Path object = store.resolve(key);
                assertThat(completed.sha256()).isEqualTo(sha256(Files.readAllBytes(object)));
                try (TestDatabase fresh = TestDatabases.create()) {
                    restoreZstd(object, fresh.name());
                    assertThat(fresh.rowCounts("crew")).isEqualTo(completed.tableRowCounts());
                }
            }
        }
    }

    private static void restoreZstd(Path archive, String database) throws Exception {
        Process restore = new ProcessBuilder("pg_restore", "--no-owner", "--exit-on-error",
                "-h", TestDatabases.host(), "-p", Integer.toString(TestDatabases.port()), "-U", TestDatabases.user(),
                "-d", database).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream in = Compression.ZSTD.decompress(Files.newInputStream(archive));
             OutputStream out = restore.getOutputStream()) {
            in.transferTo(out);
        }
        assertThat(restore.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(restore.exitValue()).isZero();
    }
}
