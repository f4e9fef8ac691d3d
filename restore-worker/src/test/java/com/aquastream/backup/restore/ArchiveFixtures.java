package com.aquastream.backup.restore;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.naming.BackupNaming;
import com.aquastream.backup.core.pg.DumpProcess;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.pg.PgDumpSchemaDumper;
import com.aquastream.backup.core.pg.SnapshotSession;
import com.aquastream.backup.core.pipeline.ArchivePipeline;
import com.aquastream.backup.core.pipeline.StoredArchive;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.testsupport.TestDatabase;
import com.aquastream.backup.testsupport.TestDatabases;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Archives laid out exactly as the backup-worker stores them (object, {@code .sha256} sidecar,
 * {@code .manifest.json} record), made with the same backup-core pieces: a real pg_dump of a real schema.
 */
public final class ArchiveFixtures {

    private static final EventCodec CODEC = new EventCodec();

    private ArchiveFixtures() {
    }

    public static PgConnection postgres() {
        return new PgConnection(TestDatabases.host(), TestDatabases.port(), TestDatabases.user(), null);
    }

    /** Backs up {@code schema} of {@code db} into {@code store}; returns the record the worker would announce. */
    public static BackupCompleted aBackupOf(TestDatabase db, String schema, ObjectStore store, Instant slot)
            throws Exception {
        return aBackupOf(postgres(), db.name(), schema, store, slot);
    }

    /** A backup as the backup-worker makes it, of {@code database} on the server {@code pg}, with its record. */
    public static BackupCompleted aBackupOf(PgConnection pg, String database, String schema, ObjectStore store,
                                            Instant slot) throws Exception {
        String key = BackupNaming.objectKey(database, schema, Tier.MANUAL, slot, Compression.GZIP);
        try (SnapshotSession snapshot = SnapshotSession.open(pg, database)) {
            DumpProcess dump = new PgDumpSchemaDumper(pg, Duration.ofMinutes(5))
                    .start(database, schema, snapshot.snapshotId(), 4);
            StoredArchive archive = new ArchivePipeline().store(dump.stdout(), Compression.GZIP, 1, store,
                    List.of(key));
            Map<String, Long> counts = snapshot.countRows(schema);
            BackupCompleted completed = new BackupCompleted(UUID.randomUUID(), Instant.now(), database, schema,
                    UUID.randomUUID(), UUID.randomUUID(), List.of(Tier.MANUAL),
                    List.of(new StoredObject(Tier.MANUAL, key)), store.name(), archive.sizeBytes(),
                    archive.sha256Hex(), "gzip", "pg_dump-custom", slot, Instant.now(), snapshot.serverVersion(),
                    "pg_dump", counts, slot, snapshot.snapshotLsn());
            writeRecord(store, completed);
            return completed;
        }
    }

    public static void writeRecord(ObjectStore store, BackupCompleted completed) throws Exception {
        store.put(completed.objects().get(0).key() + ".manifest.json",
                new ByteArrayInputStream(CODEC.encode(completed)));
    }
}
