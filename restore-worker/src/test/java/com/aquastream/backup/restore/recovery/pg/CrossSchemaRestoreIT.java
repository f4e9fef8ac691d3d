package com.aquastream.backup.restore.recovery.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.restore.ArchiveFixtures;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import com.aquastream.backup.restore.recovery.store.ManifestArchiveLocator;
import com.aquastream.backup.restore.recovery.store.StoreArchiveFetcher;
import com.aquastream.backup.testsupport.RealWorldSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Schemas that reference each other ({@link RealWorldSchemas}: {@code crew} uses {@code "user"}'s enum, views and
 * references its accounts; {@code "user"} references {@code crew.crews}): the drill of one loads the other's
 * definitions from its backup, and a restore-all into an empty database restores them in whatever order the
 * commands come, with every foreign key valid at the end.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrossSchemaRestoreIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path storeRoot;

    @TempDir
    static Path crewOnlyRoot;

    static TestDatabase source;
    static FilesystemObjectStore store;
    static Map<String, BackupCompleted> backups;
    static BackupCompleted crewWithoutUser;

    @TempDir
    Path work;

    TestDatabase target;

    @BeforeAll
    static void backUpBothSchemas() throws Exception {
        source = TestDatabases.create();
        RealWorldSchemas.create(source);
        store = new FilesystemObjectStore(storeRoot);
        Instant slot = Instant.now();
        backups = Map.of("user", ArchiveFixtures.aBackupOf(source, "user", store, slot),
                "crew", ArchiveFixtures.aBackupOf(source, "crew", store, slot));
        crewWithoutUser = ArchiveFixtures.aBackupOf(source, "crew", new FilesystemObjectStore(crewOnlyRoot), slot);
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
    void verifiesASchemaThatReferencesAnotherWithTheDefinitionsFromThatSchemasBackup() throws Exception {
        PgScratchVerifier verifier = new PgScratchVerifier(ArchiveFixtures.postgres(), "postgres", TIMEOUT,
                referenced(store));

        List<TableCheck> checks = verifier.verify("crew", fetch(store, "crew"));

        assertThat(checks).allMatch(TableCheck::matches);
        assertThat(checks).extracting(TableCheck::table)
                .containsExactlyInAnyOrderElementsOf(RealWorldSchemas.expectedRowCounts("crew").keySet());
        assertThat(checks).allSatisfy(check -> assertThat(check.found())
                .isEqualTo(RealWorldSchemas.expectedRowCounts("crew").get(check.table())));
    }

    @Test
    void verifiesTheReferencedSchemaToo() throws Exception {
        PgScratchVerifier verifier = new PgScratchVerifier(ArchiveFixtures.postgres(), "postgres", TIMEOUT,
                referenced(store));

        List<TableCheck> checks = verifier.verify("user", fetch(store, "user"));

        assertThat(checks).allMatch(TableCheck::matches).hasSize(RealWorldSchemas.expectedRowCounts("user").size());
    }

    @Test
    void failsTheDrillNamingAReferencedSchemaThatHasNoBackup() throws Exception {
        FilesystemObjectStore crewOnly = new FilesystemObjectStore(crewOnlyRoot);
        PgScratchVerifier verifier = new PgScratchVerifier(ArchiveFixtures.postgres(), "postgres", TIMEOUT,
                referenced(crewOnly));

        assertThatThrownBy(() -> verifier.verify("crew", fetch(crewOnly, "crew")))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("references schema \"user\"")
                .hasMessageContaining("no backup")
                .hasMessageNotContaining("pg_restore:");
    }

    @ParameterizedTest(name = "{0} first, parallel jobs: {1}")
    @CsvSource({"crew, 1", "user, 1", "crew, 2", "user, 2"})
    void restoresSchemasThatReferenceEachOtherIntoAnEmptyDatabaseInEitherOrder(String first, int jobs)
            throws Exception {
        CrossSchemaReplacer replacer = replacer(jobs);
        String second = first.equals("crew") ? "user" : "crew";

        replacer.restoreAbsent(target.name(), first, fetch(store, first));

        assertThat(replacer.schemaExists(target.name(), second)).as("%s after %s", second, first).isFalse();
        replacer.restoreAbsent(target.name(), second, fetch(store, second));

        assertRestoredCompletely();
    }

    @ParameterizedTest(name = "parallel jobs: {0}")
    @ValueSource(ints = {1, 2})
    void restoresSchemasThatReferenceEachOtherAtTheSameTime(int jobs) throws Exception {
        CrossSchemaReplacer replacer = replacer(jobs);
        VerifiedArchive crew = fetch(store, "crew");
        VerifiedArchive user = fetch(store, "user");

        CompletableFuture<Void> crewRestore = runAsync(() -> replacer.restoreAbsent(target.name(), "crew", crew));
        CompletableFuture<Void> userRestore = runAsync(() -> replacer.restoreAbsent(target.name(), "user", user));
        crewRestore.get(120, TimeUnit.SECONDS);
        userRestore.get(120, TimeUnit.SECONDS);

        assertRestoredCompletely();
    }

    @Test
    void aFailedRestoreOfTheReferencingSchemaLeavesNothingBehind() throws Exception {
        VerifiedArchive crew = fetch(store, "crew");
        VerifiedArchive wrongCounts = new VerifiedArchive(crew.file(), crew.key(), crew.backupId(), crew.sha256(),
                crew.compression(), Map.of("members", 99L));

        assertThatThrownBy(() -> replacer(1).restoreAbsent(target.name(), "crew", wrongCounts))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("members");

        assertThat(target.queryLong("select count(*) from pg_namespace where nspname in ('crew', 'user',"
                + " 'restore-worker')")).isZero();
    }

    private void assertRestoredCompletely() {
        for (String schema : RealWorldSchemas.NAMES) {
            assertThat(target.rowCounts(schema)).as(schema).isEqualTo(RealWorldSchemas.expectedRowCounts(schema));
        }
        assertThat(target.queryLong("select count(*) from pg_constraint where contype = 'f' and convalidated"
                + " and conname in ('members_account_id_fkey', 'accounts_home_crew_id_fkey')")).isEqualTo(2);
        assertThat(target.queryLong("select count(*) from pg_constraint c join pg_namespace n"
                + " on n.oid = c.connamespace where c.contype = 'f' and n.nspname in ('crew', 'user')"))
                .isEqualTo(source.queryLong("select count(*) from pg_constraint c join pg_namespace n"
                        + " on n.oid = c.connamespace where c.contype = 'f' and n.nspname in ('crew', 'user')"));
        assertThat(target.queryLong("select count(*) from pg_namespace where nspname like 'restor%'"))
                .as("no record or mark left").isZero();
        assertThat(target.queryLong("select count(*) from crew.\"Member View\"")).isEqualTo(4);
    }

    private CrossSchemaReplacer replacer(int jobs) {
        return new CrossSchemaReplacer(new PsqlSchemaReplacer(ArchiveFixtures.postgres(), "postgres", jobs, TIMEOUT),
                ArchiveFixtures.postgres(), jobs, TIMEOUT, referenced(store));
    }

    private ReferencedArchives referenced(FilesystemObjectStore from) {
        return new ReferencedArchives(new ManifestArchiveLocator(from), new StoreArchiveFetcher(from, work));
    }

    private VerifiedArchive fetch(FilesystemObjectStore from, String schema) throws Exception {
        BackupCompleted backup = from == store ? backups.get(schema) : crewWithoutUser;
        return new StoreArchiveFetcher(from, work).fetch(backup.objects().get(0).key());
    }

    private static CompletableFuture<Void> runAsync(Restore restore) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                restore.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        thread.start();
        return done;
    }

    private interface Restore {
        void run() throws Exception;
    }
}
