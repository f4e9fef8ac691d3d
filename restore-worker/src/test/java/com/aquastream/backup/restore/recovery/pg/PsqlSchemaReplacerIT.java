package com.aquastream.backup.restore.recovery.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.restore.ArchiveFixtures;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The replacer's process plumbing against a real PostgreSQL with archives from a real pg_dump: pg_restore hands its
 * SQL to psql through a FIFO, and every way that can go wrong (pg_restore failing before it opens the FIFO or
 * halfway through, psql failing while pg_restore writes) must end promptly with the target as it was.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PsqlSchemaReplacerIT {

    @TempDir
    static Path storeRoot;

    static TestDatabase source;
    static FilesystemObjectStore store;
    static BackupCompleted crewBackup;

    @TempDir
    Path work;

    TestDatabase target;

    @BeforeAll
    static void backUp() throws Exception {
        source = TestDatabases.create();
        SixSchemas.populate(source, 300);
        store = new FilesystemObjectStore(storeRoot);
        crewBackup = ArchiveFixtures.aBackupOf(source, "crew", store, Instant.now());
    }

    @AfterAll
    static void dropSource() {
        source.close();
    }

    @BeforeEach
    void createTarget() {
        target = TestDatabases.create();
    }

    @AfterEach
    void dropTarget() {
        target.close();
    }

    @Test
    void replacesAnExistingSchemaExactlyAndLeavesNoFifoBehind() throws Exception {
        SixSchemas.populate(target, 10);
        target.execute("CREATE TABLE crew.added_later (id int)");

        replacer(2).replace(target.name(), "crew", archive(crewBackup), false);

        assertThat(target.rowCounts("crew")).isEqualTo(crewBackup.tableRowCounts());
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("crew.archive");
        }
    }

    @ParameterizedTest(name = "parallel jobs: {0}")
    @ValueSource(ints = {1, 2})
    void restoresAnAbsentSchemaWithTheRecordedCounts(int jobs) throws Exception {
        replacer(jobs).restoreAbsent(target.name(), "crew", archive(crewBackup));

        assertThat(target.rowCounts("crew")).isEqualTo(crewBackup.tableRowCounts());
    }

    @Test
    void aSchemaCreatedMeanwhileMakesTheOneTransactionRestoreFailAndIsLeftAsItIs() throws Exception {
        target.execute("CREATE SCHEMA crew", "CREATE TABLE crew.theirs (id int)", "INSERT INTO crew.theirs VALUES (1)");

        assertThatThrownBy(() -> replacer(1).restoreAbsent(target.name(), "crew", archive(crewBackup)))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("psql exited")
                .hasMessageContaining("already exists");

        assertThat(target.rowCounts("crew")).isEqualTo(Map.of("theirs", 1L));
    }

    @Test
    void anArchivePgRestoreCannotReadFailsBeforeTheFifoIsOpenedAndTouchesNothing() throws Exception {
        SixSchemas.populate(target, 10);
        Map<String, Long> before = target.rowCounts("crew");
        Path garbage = work.resolve("garbage.archive");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(garbage))) {
            out.write("this is not a pg_dump archive\n".repeat(1000).getBytes());
        }

        assertThatThrownBy(() -> replacer(2).replace(target.name(), "crew", withFile(crewBackup, garbage), false))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("pg_restore exited");

        assertThat(target.rowCounts("crew")).isEqualTo(before);
    }

    @Test
    void anArchiveThatBreaksOffHalfwayRollsEverythingBack() throws Exception {
        SixSchemas.populate(target, 10);
        Map<String, Long> before = target.rowCounts("crew");
        byte[] whole = decompressed(archive(crewBackup).file());
        Path truncated = work.resolve("truncated.archive");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(truncated))) {
            out.write(Arrays.copyOf(whole, whole.length * 2 / 3));
        }

        assertThatThrownBy(() -> replacer(2).replace(target.name(), "crew", withFile(crewBackup, truncated), false))
                .isInstanceOf(RestoreFailedException.class);

        assertThat(target.rowCounts("crew")).isEqualTo(before);
    }

    @Test
    void psqlFailingFirstStopsPgRestoreWaitingAtTheFifoAndTouchesNothing() throws Exception {
        SixSchemas.populate(target, 10);
        Map<String, Long> before = target.rowCounts("crew");
        // Every write fails, from the prelude's DROP SCHEMA on: psql ends before it opens the FIFO.
        target.execute("ALTER DATABASE " + target.name() + " SET default_transaction_read_only = on");

        assertThatThrownBy(() -> replacer(2).replace(target.name(), "crew", archive(crewBackup), false))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("read-only transaction");

        target.execute("SET default_transaction_read_only = off",
                "ALTER DATABASE " + target.name() + " RESET default_transaction_read_only");
        assertThat(target.rowCounts("crew")).isEqualTo(before);
    }

    private PsqlSchemaReplacer replacer(int jobs) {
        return new PsqlSchemaReplacer(ArchiveFixtures.postgres(), "postgres", jobs, Duration.ofMinutes(2));
    }

    /** A private copy of the stored archive in the work dir, as the fetcher would leave it. */
    private VerifiedArchive archive(BackupCompleted backup) throws Exception {
        Path copy = work.resolve(backup.schema() + ".archive");
        if (!Files.exists(copy)) {
            Files.copy(storeRoot.resolve(backup.objects().get(0).key()), copy);
        }
        return withFile(backup, copy);
    }

    private static VerifiedArchive withFile(BackupCompleted backup, Path file) {
        return new VerifiedArchive(file, backup.objects().get(0).key(), backup.backupId(), backup.sha256(),
                backup.compression(), backup.tableRowCounts());
    }

    private static byte[] decompressed(Path gzip) throws Exception {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gzip))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
