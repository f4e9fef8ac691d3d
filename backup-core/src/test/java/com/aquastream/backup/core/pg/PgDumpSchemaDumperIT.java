package com.aquastream.backup.core.pg;

import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pg_dump and the exported snapshot against the local PostgreSQL server. */
class PgDumpSchemaDumperIT {

    private static final int ROWS = 200;

    private final PgDumpSchemaDumper dumper = new PgDumpSchemaDumper(PgTestTools.localServer(), Duration.ofMinutes(5));
    private TestDatabase source;
    private TestDatabase target;

    @BeforeEach
    void givenADatabaseWithTheSixSchemas() {
        source = TestDatabases.create();
        SixSchemas.populate(source, ROWS);
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        if (target != null) {
            target.close();
        }
    }

    @Test
    void dumpsASchemaAsOfTheSnapshotThatItsRowCountsCameFrom() throws Exception {
        byte[] archive;
        Map<String, Long> counts;
        try (SnapshotSession session = SnapshotSession.open(PgTestTools.localServer(), source.name())) {
            insertRowsAfterTheSnapshot();

            counts = session.countRows("user");
            DumpProcess dump = dumper.start(source.name(), "user", session.snapshotId(), 6);
            archive = dump.stdout().readAllBytes();
            assertThat(dump.await()).isInstanceOf(DumpResult.Succeeded.class);
        }

        assertThat(counts).isEqualTo(SixSchemas.expectedRowCounts("user", ROWS));
        assertThat(source.rowCounts("user").get("accounts")).isEqualTo(ROWS + 5);
        target = TestDatabases.create();
        PgTestTools.restore(new ByteArrayInputStream(archive), target.name());
        assertThat(target.rowCounts("user")).isEqualTo(counts);
        assertThat(target.rowCounts("event")).isEmpty();
    }

    @Test
    void failsTheStreamAndTheResultForAMissingSchema() throws Exception {
        DumpProcess dump = dumper.start(source.name(), "no_such_schema", null, 0);

        assertThatThrownBy(() -> dump.stdout().readAllBytes())
                .isInstanceOf(DumpFailedException.class)
                .hasMessageContaining("no matching schemas were found");

        assertThat(dump.await()).isInstanceOfSatisfying(DumpResult.Failed.class, failed -> {
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.reason()).contains("no matching schemas were found");
        });
    }

    @Test
    void failsTheStreamWhenAbortedMidDump() throws Exception {
        givenASchemaTooBigForThePipe();
        DumpProcess dump = dumper.start(source.name(), "big", null, 0);
        InputStream stdout = dump.stdout();
        assertThat(stdout.readNBytes(1024)).startsWith('P', 'G', 'D', 'M', 'P');

        dump.abort();

        assertThatThrownBy(stdout::readAllBytes).isInstanceOf(DumpFailedException.class).hasMessageContaining("aborted");
        assertThat(dump.await()).isInstanceOf(DumpResult.Failed.class);
    }

    @Test
    void reportsVersionsAndSchemaExistence() throws Exception {
        try (SnapshotSession session = SnapshotSession.open(PgTestTools.localServer(), source.name())) {
            assertThat(session.serverVersion()).startsWith("15");
            assertThat(session.schemaExists("payment")).isTrue();
            assertThat(session.schemaExists("no_such_schema")).isFalse();
            assertThat(session.countRows("no_such_schema")).isEmpty();
            assertThat(session.snapshotId()).matches("[0-9A-F]+-[0-9A-F]+-[0-9]+");
            assertThat(session.snapshotLsn()).matches("[0-9A-F]+/[0-9A-F]+");
        }
        assertThat(dumper.toolVersion()).startsWith("pg_dump (PostgreSQL) 15");
    }

    @Test
    void countsEveryTableOfASchemaSortedByName() throws Exception {
        try (SnapshotSession session = SnapshotSession.open(PgTestTools.localServer(), source.name())) {

            Map<String, Long> counts = session.countRows("crew");

            assertThat(counts.keySet()).containsExactly("crews", "members", "shifts");
            assertThat(counts).isEqualTo(SixSchemas.expectedRowCounts("crew", ROWS));
        }
    }

    private void insertRowsAfterTheSnapshot() {
        source.execute("insert into \"user\".accounts select g, 'late', now(), 1, '{}'::jsonb, null "
                + "from generate_series(100001, 100005) g");
    }

    private void givenASchemaTooBigForThePipe() {
        source.execute("create schema big",
                "create table big.t as select g as id, repeat(md5(g::text), 4) as filler from generate_series(1, 100000) g");
    }
}
