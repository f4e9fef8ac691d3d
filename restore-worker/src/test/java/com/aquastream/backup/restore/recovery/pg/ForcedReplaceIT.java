package com.aquastream.backup.restore.recovery.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.aquastream.backup.core.store.FilesystemObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.DependentObject;
import com.aquastream.backup.restore.ArchiveFixtures;
import com.aquastream.backup.restore.recovery.SchemaReplacer.Dependent;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import com.aquastream.backup.testsupport.RealWorldSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replace of a schema that other schemas depend on ({@code crew → "user"} of the real-world fixture), against a
 * real PostgreSQL: what {@code DROP SCHEMA "user" CASCADE} takes from {@code crew} is recorded inside the restore's
 * transaction, re-created after the restore, and reported, RECREATED or LOST; nothing is dropped unseen.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForcedReplaceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    TestDatabase db;
    FilesystemObjectStore store;

    @BeforeEach
    void createFixture() {
        db = TestDatabases.create();
        RealWorldSchemas.create(db);
        store = new FilesystemObjectStore(work.resolve("store"));
    }

    @AfterEach
    void dropFixture() {
        db.close();
    }

    @Test
    void recreatesTheForeignKeyViewsMaterializedViewAndDefaultOfAnotherSchemaAndSaysSo() throws Exception {
        givenTheEnumColumnOfCrewIsText();
        db.execute("CREATE VIEW crew.\"Emails of \"\"Member View\"\"\" AS SELECT email FROM crew.\"Member View\"",
                "CREATE MATERIALIZED VIEW crew.account_totals AS SELECT count(*) AS n FROM \"user\".accounts",
                "CREATE INDEX account_totals_n ON crew.account_totals (n)",
                "CREATE TABLE crew.invoices (no bigint DEFAULT nextval('\"user\".\"Invoice Seq\"'))");
        VerifiedArchive archive = aBackupOfUser();
        db.execute("DELETE FROM \"user\".\"audit log\" WHERE \"select\" = 'login'");

        List<DependentObject> dropped = replacer().replace(db.name(), "user", archive, true);

        assertThat(dropped).extracting(DependentObject::name, DependentObject::kind, DependentObject::status)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("members_account_id_fkey on members", "foreign key",
                                DependentObject.RECREATED),
                        org.assertj.core.groups.Tuple.tuple("Member View", "view", DependentObject.RECREATED),
                        org.assertj.core.groups.Tuple.tuple("Emails of \"Member View\"", "view",
                                DependentObject.RECREATED),
                        org.assertj.core.groups.Tuple.tuple("account_totals", "materialized view",
                                DependentObject.RECREATED),
                        org.assertj.core.groups.Tuple.tuple("account_totals_n", "index", DependentObject.RECREATED),
                        org.assertj.core.groups.Tuple.tuple("invoices.no", "column default",
                                DependentObject.RECREATED));
        assertThat(dropped).allSatisfy(d -> assertThat(d.schema()).isEqualTo("crew"))
                .allMatch(DependentObject::recreated);
        assertThat(dropped).filteredOn(d -> d.kind().equals("materialized view")).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("WITH DATA"));
        assertThat(db.rowCounts("user")).isEqualTo(archive.tableRowCounts());
        assertThat(db.queryLong("select count(*) from pg_constraint where conname = 'members_account_id_fkey'"
                + " and conrelid = 'crew.members'::regclass and confrelid = '\"user\".accounts'::regclass"))
                .isEqualTo(1);
        assertThat(db.queryLong("select count(*) from crew.\"Emails of \"\"Member View\"\"\"")).isEqualTo(4);
        assertThat(db.queryLong("select n from crew.account_totals")).isEqualTo(5);
        assertThat(db.queryString("select pg_get_expr(adbin, adrelid) from pg_attrdef"
                + " where adrelid = 'crew.invoices'::regclass")).contains("\"user\".\"Invoice Seq\"");
    }

    @Test
    void reportsAForeignKeyWhoseRowsNoLongerMatchAsLostWithTheReasonAndStillCompletes() throws Exception {
        givenTheEnumColumnOfCrewIsText();
        VerifiedArchive archive = aBackupOfUser();
        db.execute("INSERT INTO \"user\".accounts (id, email) VALUES (6, 'new@example.org')",
                "INSERT INTO crew.members VALUES (5, 6, 1, 'joined after the backup')");

        List<DependentObject> dropped = replacer().replace(db.name(), "user", archive, true);

        assertThat(dropped).filteredOn(d -> d.kind().equals("foreign key")).singleElement().satisfies(fk -> {
            assertThat(fk.name()).isEqualTo("members_account_id_fkey on members");
            assertThat(fk.status()).isEqualTo(DependentObject.LOST);
            assertThat(fk.reason()).contains("violates foreign key constraint").contains("(account_id)=(6)");
            assertThat(fk.definition()).startsWith("ALTER TABLE crew.members ADD CONSTRAINT members_account_id_fkey");
        });
        assertThat(dropped).filteredOn(d -> d.kind().equals("view")).singleElement()
                .satisfies(v -> assertThat(v.status()).isEqualTo(DependentObject.RECREATED));
        assertThat(db.rowCounts("user")).isEqualTo(archive.tableRowCounts());
        assertThat(db.queryLong("select count(*) from crew.members where account_id = 6")).isEqualTo(1);
        assertThat(db.queryLong("select count(*) from pg_constraint where conname = 'members_account_id_fkey'"))
                .isZero();
    }

    @Test
    void refusesEvenWhenForcedToDropAColumnOfAnotherSchemaOfOneOfItsTypesAndTouchesNothing() throws Exception {
        VerifiedArchive archive = aBackupOfUser();
        db.execute("DELETE FROM \"user\".\"audit log\"");

        List<Dependent> seen = replacer().dependentsOutside(db.name(), "user");
        assertThatThrownBy(() -> replacer().replace(db.name(), "user", archive, true))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("crew.members.role (column)")
                .hasMessageContaining("refused even with force");

        assertThat(seen).contains(new Dependent("crew", "members.role", "column", true),
                new Dependent("crew", "members_account_id_fkey on members", "foreign key", false),
                new Dependent("crew", "Member View", "view", false));
        assertThat(db.queryLong("select count(*) from \"user\".\"audit log\"")).isZero();
        assertThat(db.queryLong("select count(*) from crew.members where role = 'locked'")).isEqualTo(1);
    }

    @Test
    void recreatesADependentCreatedWhileTheRestoreWaitedForItsLocks() throws Exception {
        givenTheEnumColumnOfCrewIsText();
        VerifiedArchive archive = aBackupOfUser();

        CompletableFuture<List<DependentObject>> restore;
        try (Connection other = db.connect()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("SELECT count(*) FROM \"user\".accounts"); // holds its ACCESS SHARE lock until commit
                restore = replaceInBackground(archive, true);
                awaitRestoreWaitingForALock();
                st.execute("CREATE VIEW crew.\"created meanwhile\" AS SELECT id FROM \"user\".accounts");
            }
            other.commit();
        }

        assertThat(restore.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .filteredOn(d -> d.name().equals("created meanwhile")).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DependentObject.RECREATED));
        assertThat(db.queryLong("select count(*) from crew.\"created meanwhile\"")).isEqualTo(5);
    }

    @Test
    void failsWithoutForceWhenADependentWasCreatedWhileTheRestoreWaitedForItsLocks() throws Exception {
        db.execute("DROP VIEW crew.\"Member View\"",
                "ALTER TABLE crew.members DROP CONSTRAINT members_account_id_fkey, DROP COLUMN role");
        VerifiedArchive archive = aBackupOfUser();
        assertThat(replacer().dependentsOutside(db.name(), "user")).isEmpty();
        db.execute("DELETE FROM \"user\".\"audit log\"");

        CompletableFuture<List<DependentObject>> restore;
        try (Connection other = db.connect()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("SELECT count(*) FROM \"user\".accounts");
                restore = replaceInBackground(archive, false);
                awaitRestoreWaitingForALock();
                st.execute("CREATE VIEW crew.\"created meanwhile\" AS SELECT id FROM \"user\".accounts");
            }
            other.commit();
        }

        assertThat(restore).failsWithin(WAIT).withThrowableThat().havingRootCause()
                .isInstanceOf(RestoreFailedException.class)
                .withMessageContaining("crew.created meanwhile (view)");
        assertThat(db.queryLong("select count(*) from crew.\"created meanwhile\"")).isEqualTo(5);
        assertThat(db.queryLong("select count(*) from \"user\".\"audit log\"")).isZero();
    }

    /** A column of the "user" enum would be lost with the type: the forced restores here first make it text. */
    private void givenTheEnumColumnOfCrewIsText() {
        db.execute("ALTER TABLE crew.members ALTER COLUMN role TYPE text");
    }

    private VerifiedArchive aBackupOfUser() throws Exception {
        BackupCompleted backup = ArchiveFixtures.aBackupOf(db, "user", store, Instant.now());
        Path copy = work.resolve("user.archive");
        Files.copy(work.resolve("store").resolve(backup.objects().get(0).key()), copy);
        return new VerifiedArchive(copy, backup.objects().get(0).key(), backup.backupId(), backup.sha256(),
                backup.compression(), backup.tableRowCounts());
    }

    private CompletableFuture<List<DependentObject>> replaceInBackground(VerifiedArchive archive, boolean force) {
        CompletableFuture<List<DependentObject>> result = new CompletableFuture<>();
        Thread restore = new Thread(() -> {
            try {
                result.complete(replacer().replace(db.name(), "user", archive, force));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "forced-replace-it");
        restore.start();
        return result;
    }

    /** The restore's psql session waits for a lock on the schema's tables, i.e. it is past BEGIN and not yet checked. */
    private void awaitRestoreWaitingForALock() {
        await().atMost(WAIT).until(() -> db.queryLong("select count(*) from pg_stat_activity"
                + " where datname = current_database() and application_name = 'psql' and wait_event_type = 'Lock'")
                == 1);
    }

    private PsqlSchemaReplacer replacer() {
        return new PsqlSchemaReplacer(ArchiveFixtures.postgres(), "postgres", 1, Duration.ofMinutes(2));
    }
}
