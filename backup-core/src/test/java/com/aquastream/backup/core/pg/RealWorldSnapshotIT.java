package com.aquastream.backup.core.pg;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.testsupport.RealWorldSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counting and dumping schemas of an ordinary application database (names that need quoting, partitions, a
 * materialized view, cross-schema dependencies) against the local PostgreSQL server.
 */
class RealWorldSnapshotIT {

    private final PgDumpSchemaDumper dumper = new PgDumpSchemaDumper(PgTestTools.localServer(), Duration.ofMinutes(5));
    private TestDatabase source;
    private TestDatabase target;

    @BeforeEach
    void givenARealWorldDatabase() {
        source = TestDatabases.create();
        RealWorldSchemas.create(source);
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        if (target != null) {
            target.close();
        }
    }

    @Test
    void countsEveryTablePartitionAndMaterializedViewWhateverTheirNames() throws Exception {
        try (SnapshotSession session = SnapshotSession.open(PgTestTools.localServer(), source.name())) {

            Map<String, Long> user = session.countRows("user");
            Map<String, Long> crew = session.countRows("crew");

            assertThat(user).isEqualTo(RealWorldSchemas.expectedRowCounts("user"));
            assertThat(user.keySet()).contains("LoginHistory_2025", "audit log", "заказы", "Active Accounts")
                    .doesNotContain("LoginHistory");
            assertThat(crew).isEqualTo(RealWorldSchemas.expectedRowCounts("crew"));
            assertThat(crew.keySet()).contains("Quote\"d Shifts");
        }
        assertThat(source.rowCounts("user")).isEqualTo(RealWorldSchemas.expectedRowCounts("user"));
    }

    @Test
    void leavesOutAMaterializedViewThatWasNeverPopulated() throws Exception {
        source.execute("create materialized view \"user\".\"Not Yet\" as select id from \"user\".accounts with no data");

        try (SnapshotSession session = SnapshotSession.open(PgTestTools.localServer(), source.name())) {

            assertThat(session.countRows("user")).doesNotContainKey("Not Yet")
                    .isEqualTo(RealWorldSchemas.expectedRowCounts("user"));
        }
    }

    @Test
    void dumpsBothSchemasSoThatTheyRestoreWithTheirCountsIntoAnEmptyDatabase() throws Exception {
        Map<String, Path> archives = new HashMap<>();
        try (SnapshotSession session = SnapshotSession.open(PgTestTools.localServer(), source.name())) {
            for (String schema : RealWorldSchemas.NAMES) {
                DumpProcess dump = dumper.start(source.name(), schema, session.snapshotId(), 6);
                Path file = Files.createTempFile(schema, ".dump");
                try (InputStream in = dump.stdout()) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                archives.put(schema, file);
                assertThat(dump.await()).isInstanceOf(DumpResult.Succeeded.class);
            }
        }
        target = TestDatabases.create();

        // The schemas reference each other (a cycle), so no order of whole schemas restores: the types the other
        // schema's tables use come first, and the foreign keys last, once every key they point at exists.
        for (String schema : RealWorldSchemas.NAMES) {
            PgTestTools.restore(Files.newInputStream(archives.get(schema)), target.name(), "pre-data");
        }
        for (String schema : RealWorldSchemas.NAMES) {
            PgTestTools.restoreEntries(archives.get(schema), target.name(),
                    line -> !line.contains(" FK CONSTRAINT ") && !isPreData(line));
        }
        for (String schema : RealWorldSchemas.NAMES) {
            PgTestTools.restoreEntries(archives.get(schema), target.name(), line -> line.contains(" FK CONSTRAINT "));
            Files.delete(archives.get(schema));
        }

        for (String schema : RealWorldSchemas.NAMES) {
            assertThat(target.rowCounts(schema)).isEqualTo(RealWorldSchemas.expectedRowCounts(schema));
        }
        assertThat(target.queryLong("select count(*) from pg_constraint where conname = 'members_account_id_fkey'"))
                .isEqualTo(1);
        assertThat(target.queryString("select md5(string_agg(md5(data), '' order by id)) from \"user\".blobs"))
                .isEqualTo(source.queryString("select md5(string_agg(md5(data), '' order by id)) from \"user\".blobs"));
    }

    /** Table-of-contents entries that {@code --section=pre-data} restores. */
    private static boolean isPreData(String tocLine) {
        return java.util.regex.Pattern.compile(" (SCHEMA|TYPE|SEQUENCE|TABLE|VIEW|MATERIALIZED VIEW|DEFAULT|"
                + "SEQUENCE OWNED BY|COMMENT|FUNCTION) ").matcher(tocLine).find()
                && !tocLine.contains(" TABLE DATA ") && !tocLine.contains(" MATERIALIZED VIEW DATA ")
                && !tocLine.contains(" SEQUENCE SET ");
    }
}
