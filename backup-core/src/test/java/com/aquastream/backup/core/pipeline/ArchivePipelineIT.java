package com.aquastream.backup.core.pipeline;

import com.aquastream.backup.core.checksum.Sha256;
import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.pg.DumpFailedException;
import com.aquastream.backup.core.pg.DumpProcess;
import com.aquastream.backup.core.pg.DumpResult;
import com.aquastream.backup.core.pg.PgDumpSchemaDumper;
import com.aquastream.backup.core.pg.PgTestTools;
import com.aquastream.backup.core.pg.SnapshotSession;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.core.store.S3ObjectStore;
import com.aquastream.backup.core.store.S3Settings;
import com.aquastream.backup.core.store.Sidecars;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.testsupport.SixSchemas;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import com.aquastream.backup.testsupport.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pg_dump → gzip → S3, and back through gunzip → pg_restore, with real PostgreSQL and a real S3 server. */
class ArchivePipelineIT {

    private static final Instant SUNDAY = Instant.parse("2025-08-17T02:00:00Z");

    private final PgDumpSchemaDumper dumper = new PgDumpSchemaDumper(PgTestTools.localServer(), Duration.ofMinutes(5));
    private final ArchivePipeline pipeline = new ArchivePipeline();
    private TestDatabase source;
    private TestDatabase target;
    private ObjectStore store;

    @BeforeEach
    void givenTheSixSchemasAndAnS3Bucket() throws IOException {
        source = TestDatabases.create();
        SixSchemas.populate(source, 500);
        TestS3.Endpoint endpoint = TestS3.endpoint();
        store = S3ObjectStore.connect(new S3Settings(endpoint.url(), endpoint.region(), endpoint.accessKey(),
                endpoint.secretKey(), TestS3.newBucket()));
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        if (target != null) {
            target.close();
        }
    }

    @Test
    void storesADumpThatRestoresToIdenticalRowCounts() throws Exception {
        List<String> keys = keysFor("payment", Tier.DAILY, Tier.WEEKLY);
        StoredArchive archive;
        Map<String, Long> counts;

        try (SnapshotSession session = SnapshotSession.open(PgTestTools.localServer(), source.name())) {
            counts = session.countRows("payment");
            DumpProcess dump = dumper.start(source.name(), "payment", session.snapshotId(), 6);
            archive = pipeline.store(dump.stdout(), Compression.GZIP, 6, store, keys);
            assertThat(dump.await()).isInstanceOf(DumpResult.Succeeded.class);
        }

        assertThat(store.list("postgres/" + source.name() + "/")).containsExactly(
                keys.get(0), keys.get(0) + ".sha256", keys.get(1), keys.get(1) + ".sha256");
        for (String key : keys) {
            assertThat(sha256Of(key)).isEqualTo(archive.sha256Hex());
            assertThat(Sidecars.parseSha256(text(key + ".sha256"))).isEqualTo(archive.sha256Hex());
        }
        target = TestDatabases.create();
        try (InputStream gunzipped = Compression.GZIP.decompress(store.get(keys.get(1)))) {
            PgTestTools.restore(gunzipped, target.name());
        }
        assertThat(target.rowCounts("payment")).isEqualTo(counts).isEqualTo(source.rowCounts("payment"));
    }

    @Test
    void leavesNothingInTheBucketWhenTheDumpFails() throws Exception {
        List<String> keys = keysFor("notification", Tier.DAILY, Tier.MONTHLY);
        DumpProcess dump = dumper.start(source.name(), "no_such_schema", null, 6);

        assertThatThrownBy(() -> pipeline.store(dump.stdout(), Compression.GZIP, 6, store, keys))
                .isInstanceOf(DumpFailedException.class)
                .hasMessageContaining("no matching schemas were found");

        assertThat(store.list("")).isEmpty();
    }

    private List<String> keysFor(String schema, Tier... tiers) {
        return java.util.Arrays.stream(tiers)
                .map(tier -> BackupNaming.objectKey(source.name(), schema, tier, SUNDAY, Compression.GZIP))
                .toList();
    }

    private String sha256Of(String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return Sha256.of(in);
        }
    }

    private String text(String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
