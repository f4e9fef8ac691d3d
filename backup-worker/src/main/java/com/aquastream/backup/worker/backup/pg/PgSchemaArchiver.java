package com.aquastream.backup.worker.backup.pg;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.pg.DumpFailedException;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.pg.DumpProcess;
import com.aquastream.backup.core.pg.SchemaDumper;
import com.aquastream.backup.core.pg.SnapshotSession;
import com.aquastream.backup.core.pipeline.ArchiveWriter;
import com.aquastream.backup.core.pipeline.StagedArchive;
import com.aquastream.backup.core.pipeline.StoredArchive;
import com.aquastream.backup.core.store.ObjectStore;
import com.aquastream.backup.worker.backup.AbortSignal;
import com.aquastream.backup.worker.backup.ArchiveOutcome;
import com.aquastream.backup.worker.backup.BackupPlan;
import com.aquastream.backup.worker.backup.SchemaArchiver;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * {@link SchemaArchiver} with pg_dump: exports a snapshot, dumps the schema from it while streaming the archive
 * through compression and SHA-256 into the store's staging area, counts every table's rows in that same snapshot (so
 * the counts are exactly the dump's), and only then publishes the archive under its final keys. Whatever fails
 * before the publication (pg_dump's exit status, the upload, the counting, an abort) leaves the final keys as they
 * were and the staging area empty.
 */
public final class PgSchemaArchiver implements SchemaArchiver {

    /** What a {@code backup.completed} of this archiver calls its archives. */
    static final String FORMAT = "pg_dump-custom";

    private final PgConnection connection;
    private final SchemaDumper dumper;
    private final ArchiveWriter pipeline;
    private final ObjectStore store;
    private final ArchiveSettings settings;
    private final Clock clock;
    private final RowCounter rowCounter;

    /** Compression levels: pg_dump's internal one (-Z) and the outer codec's. */
    public record ArchiveSettings(int pgDumpCompressLevel, int outerCompressLevel) {
    }

    /** Counts each table's rows of a schema in the dump's snapshot. */
    @FunctionalInterface
    interface RowCounter {
        Map<String, Long> count(SnapshotSession snapshot, String schema) throws SQLException;
    }

    public PgSchemaArchiver(PgConnection connection, SchemaDumper dumper, ArchiveWriter pipeline,
                            ObjectStore store, ArchiveSettings settings, Clock clock) {
        this(connection, dumper, pipeline, store, settings, clock, SnapshotSession::countRows);
    }

    PgSchemaArchiver(PgConnection connection, SchemaDumper dumper, ArchiveWriter pipeline,
                            ObjectStore store, ArchiveSettings settings, Clock clock, RowCounter rowCounter) {
        this.connection = connection;
        this.dumper = dumper;
        this.pipeline = pipeline;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.rowCounter = rowCounter;
    }

    @Override
    public ArchiveOutcome archive(BackupPlan plan, AbortSignal abort) {
        Instant startedAt = clock.instant();
        DumpProcess dump = null;
        try (SnapshotSession snapshot = SnapshotSession.open(connection, plan.database())) {
            if (!snapshot.schemaExists(plan.schema())) {
                return new ArchiveOutcome.Failed("schema " + plan.schema() + " does not exist in database "
                        + plan.database(), false);
            }
            dump = dumper.start(plan.database(), plan.schema(), snapshot.snapshotId(), dumpLevel(plan.compression()));
            abort.onAbort(dump::abort);
            try (StagedArchive staged = pipeline.stage(dump.stdout(), plan.compression(),
                    settings.outerCompressLevel(), store, plan.stagingArea())) {
                // Counted after the dump, in the snapshot the dump used: taking the tables' share locks only now
                // means a DDL statement queued behind them can never wait for pg_dump while pg_dump waits behind it.
                Map<String, Long> rowCounts = rowCounter.count(snapshot, plan.schema());
                if (abort.isAborted()) {
                    return new ArchiveOutcome.Aborted();
                }
                StoredArchive stored = staged.publish(plan.keys());
                return new ArchiveOutcome.Archived(stored.sizeBytes(), stored.sha256Hex(), startedAt,
                        clock.instant(), snapshot.serverVersion(), dumper.toolVersion(), rowCounts, FORMAT,
                        snapshot.snapshotLsn());
            }
        } catch (DumpFailedException e) {
            return abort.isAborted() ? new ArchiveOutcome.Aborted()
                    : new ArchiveOutcome.Failed("pg_dump failed: " + e.getMessage(), isTransient(e.getMessage()));
        } catch (IOException e) {
            if (dump != null) {
                dump.abort();
            }
            return abort.isAborted() ? new ArchiveOutcome.Aborted()
                    : new ArchiveOutcome.Failed("storing the archive failed: " + e.getMessage(), true);
        } catch (SQLException e) {
            return abort.isAborted() ? new ArchiveOutcome.Aborted()
                    : new ArchiveOutcome.Failed("database " + plan.database() + ": " + e.getMessage(), true);
        }
    }

    /**
     * With zstd outside, pg_dump's own zlib would cost most of the time for little gain, so the archive goes out
     * uncompressed (-Z0) and zstd does all of it; with gzip the configured internal level applies.
     */
    private int dumpLevel(Compression compression) {
        return compression == Compression.ZSTD ? 0 : settings.pgDumpCompressLevel();
    }

    /** A missing object or a refused permission will not heal by retrying; a killed process or a lost link may. */
    static boolean isTransient(String pgDumpError) {
        String m = pgDumpError == null ? "" : pgDumpError.toLowerCase(Locale.ROOT);
        return !(m.contains("no matching schemas") || m.contains("permission denied")
                || m.contains("does not exist") || m.contains("server version mismatch"));
    }
}
