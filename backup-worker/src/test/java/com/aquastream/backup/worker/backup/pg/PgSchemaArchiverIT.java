package com.aquastream.backup.worker.backup.pg;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.pg.PgDumpSchemaDumper;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.store.InMemoryObjectStore;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.worker.backup.AbortSignal;
import com.aquastream.backup.worker.backup.ArchiveOutcome;
import com.aquastream.backup.worker.backup.BackupPlan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archiver stages the real pg_dump's archive and publishes it under the final keys only after the row counts
 * succeeded (issue 13, "stage, check, then publish").
 */
class PgSchemaArchiverIT {

    private static final byte[] OLDER = "an older archive under the same key".getBytes(StandardCharsets.US_ASCII);

    static TestDatabase source;

    @BeforeAll
    static void createSource() {
        source = TestDatabases.create();
        SixSchemas.populate(source, 20);
    }

    @AfterAll
    static void dropSource() {
        source.close();
    }

    @Test
    void rowCountsThatFailAfterTheDumpLeaveNoObjectAndTheOlderObjectUntouched() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        BackupPlan plan = aPlanWithADailyAndAWeeklyKey("payment");
        givenAnOlderObject(store, plan.primaryKey());
        PgSchemaArchiver archiver = archiverWith(store, (snapshot, schema) -> {
            throw new SQLException("canceling statement due to statement timeout");
        });

        ArchiveOutcome outcome = archiver.archive(plan, new AbortSignal());

        assertThat(outcome).isInstanceOfSatisfying(ArchiveOutcome.Failed.class, f -> {
            assertThat(f.reason()).contains("statement timeout");
            assertThat(f.retryable()).isTrue();
        });
        assertThat(store.bytes(plan.primaryKey())).isEqualTo(OLDER);
        assertThat(store.bytes(plan.primaryKey() + ".sha256")).isEqualTo(olderSidecar(plan.primaryKey()));
        assertThat(store.list("")).containsExactly(plan.primaryKey(), plan.primaryKey() + ".sha256");
        assertThat(store.list("staging/")).isEmpty();
    }

    @Test
    void publishesUnderEveryKeyOnlyOnceTheRowsAreCounted() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        BackupPlan plan = aPlanWithADailyAndAWeeklyKey("crew");
        givenAnOlderObject(store, plan.primaryKey());
        List<List<String>> keysWhileCounting = new java.util.ArrayList<>();
        PgSchemaArchiver archiver = archiverWith(store, (snapshot, schema) -> {
            keysWhileCounting.add(store.list(""));
            keysWhileCounting.add(store.list("staging/"));
            return snapshot.countRows(schema);
        });

        ArchiveOutcome outcome = archiver.archive(plan, new AbortSignal());

        assertThat(outcome).isInstanceOf(ArchiveOutcome.Archived.class);
        assertThat(keysWhileCounting.get(0)).containsExactly(plan.primaryKey(), plan.primaryKey() + ".sha256");
        assertThat(keysWhileCounting.get(1)).singleElement().asString().startsWith(plan.stagingArea());
        ArchiveOutcome.Archived archived = (ArchiveOutcome.Archived) outcome;
        assertThat(archived.tableRowCounts()).isEqualTo(SixSchemas.expectedRowCounts("crew", 20));
        for (String key : plan.keys()) {
            assertThat(Sha256.of(store.bytes(key))).isEqualTo(archived.sha256());
        }
        assertThat(store.list("staging/")).isEmpty();
    }

    private static PgSchemaArchiver archiverWith(InMemoryObjectStore store, PgSchemaArchiver.RowCounter counter) {
        PgConnection pg = new PgConnection(TestDatabases.host(), TestDatabases.port(), TestDatabases.user(),
                System.getenv("PGPASSWORD"));
        return new PgSchemaArchiver(pg, new PgDumpSchemaDumper(pg, Duration.ofMinutes(2)), new ArchivePipeline(),
                store, new PgSchemaArchiver.ArchiveSettings(4, 1), Clock.systemUTC(), counter);
    }

    /** A Sunday's scheduled request: a daily key and a weekly copy. */
    private static BackupPlan aPlanWithADailyAndAWeeklyKey(String schema) {
        Instant sunday = Instant.parse("2025-08-17T02:00:00Z");
        BackupRequested request = new BackupRequested(UUID.randomUUID(), sunday, source.name(), schema,
                UUID.randomUUID(), List.of(Tier.DAILY, Tier.WEEKLY), Trigger.SCHEDULE, "test", sunday);
        return BackupPlan.of(request, Compression.GZIP);
    }

    private static void givenAnOlderObject(InMemoryObjectStore store, String key) throws IOException {
        store.put(key, new ByteArrayInputStream(OLDER));
        store.put(key + ".sha256", new ByteArrayInputStream(olderSidecar(key)));
    }

    private static byte[] olderSidecar(String key) {
        return Sidecars.format(Sha256.of(OLDER), key).getBytes(StandardCharsets.US_ASCII);
    }
}
