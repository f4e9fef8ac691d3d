package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.naming.Identifiers;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.restore.ArchiveFixtures;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tables named as PostgreSQL allows but no identifier rule would (mixed case, spaces, quotes, dots, non-ASCII, a
 * dollar-quote tag) and a materialized view, recorded by a real backup: VERIFY, the replace and the parallel restore
 * count each of them, quoting the names from the record with doubled quotes.
 */
class AwkwardNamesIT {

    private static final List<String> NAMES = List.of("LoginHistory", "audit log", "a\"b", "x.y", "заказы",
            "t$check$'; --");

    @TempDir
    static Path storeRoot;

    static TestDatabase source;
    static BackupCompleted backup;

    @TempDir
    Path work;

    TestDatabase target;

    @BeforeAll
    static void backUpASchemaWithAwkwardNames() throws Exception {
        source = TestDatabases.create();
        source.execute("CREATE SCHEMA ledger");
        int rows = 1;
        for (String name : NAMES) {
            String table = "ledger." + Identifiers.quoteName(name);
            source.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)",
                    "INSERT INTO " + table + " SELECT generate_series(1, " + rows++ + ")");
        }
        source.execute("CREATE MATERIALIZED VIEW ledger.\"Totals\" AS SELECT id FROM ledger.\"LoginHistory\"");
        backup = ArchiveFixtures.aBackupOf(source, "ledger", new FilesystemObjectStore(storeRoot), Instant.now());
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
    void theBackupRecordsEveryAwkwardTableAndThePopulatedMaterializedView() {
        assertThat(backup.tableRowCounts()).containsKeys(NAMES.toArray(String[]::new)).containsEntry("Totals", 1L);
    }

    @Test
    void verifyCountsEveryAwkwardTableAndTheMaterializedView() throws Exception {
        PgScratchVerifier verifier = new PgScratchVerifier(ArchiveFixtures.postgres(), "postgres",
                Duration.ofMinutes(5));

        List<TableCheck> checks = verifier.verify("ledger", archive());

        assertThat(checks).extracting(TableCheck::table)
                .containsExactlyInAnyOrderElementsOf(backup.tableRowCounts().keySet());
        assertThat(checks).allMatch(TableCheck::matches);
    }

    @ParameterizedTest(name = "parallel jobs: {0}")
    @ValueSource(ints = {1, 2})
    void restoresAndChecksEveryAwkwardTableIntoAnEmptyDatabase(int jobs) throws Exception {
        PsqlSchemaReplacer replacer = new PsqlSchemaReplacer(ArchiveFixtures.postgres(), "postgres", jobs,
                Duration.ofMinutes(5));

        replacer.restoreAbsent(target.name(), "ledger", archive());

        assertThat(target.rowCounts("ledger")).isEqualTo(backup.tableRowCounts());
    }

    @Test
    void replacesASchemaWithAwkwardTablesAndChecksTheirCounts() throws Exception {
        PsqlSchemaReplacer replacer = new PsqlSchemaReplacer(ArchiveFixtures.postgres(), "postgres", 2,
                Duration.ofMinutes(5));
        replacer.restoreAbsent(target.name(), "ledger", archive());
        target.execute("DELETE FROM ledger.\"audit log\"", "INSERT INTO ledger.\"заказы\" VALUES (1000)");

        replacer.replace(target.name(), "ledger", archive(), false);

        assertThat(target.rowCounts("ledger")).isEqualTo(backup.tableRowCounts());
    }

    /** A private copy of the stored archive, as the fetcher leaves it (the restore deletes its own files). */
    private VerifiedArchive archive() throws Exception {
        Path copy = Files.createTempFile(work, "ledger", ".archive");
        Files.copy(storeRoot.resolve(backup.objects().get(0).key()), copy,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new VerifiedArchive(copy, backup.objects().get(0).key(), backup.backupId(), backup.sha256(),
                backup.compression(), backup.tableRowCounts());
    }
}
