package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.events.TableCheck;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.ScratchVerifier;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manual's "Тестирование восстановления" automated: CREATE DATABASE scratch, pg_restore into it, count the
 * schema's tables, DROP DATABASE — the last step always, even when the restore failed.
 *
 * <p>A schema that references others (a column of another schema's type, a view over its table, a foreign key into
 * it) cannot be created alone. So the definitions of the schemas it references (types, tables, views, functions,
 * sequences: {@code --section=pre-data}; then their keys and indexes, no rows, no foreign keys) are loaded first from
 * their own newest backups, transitively, each once (cycles included), dependencies first. The schema's foreign keys
 * into those schemas point at empty tables:
 * they are added {@code NOT VALID} (their definition is proven to apply; their rows cannot be checked against rows
 * that are not there), and only the verified schema's counts are compared. A referenced schema with no backup fails
 * the drill naming it.
 */
public final class PgScratchVerifier implements ScratchVerifier {

    private static final Logger log = LoggerFactory.getLogger(PgScratchVerifier.class);
    private static final String PREFIX = "restore_verify_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PgConnection pg;
    private final String maintenanceDatabase;
    private final Duration timeout;
    private final ReferencedArchives referenced;

    /** Verifies schemas that reference no other schema only. */
    PgScratchVerifier(PgConnection pg, String maintenanceDatabase, Duration timeout) {
        this(pg, maintenanceDatabase, timeout, ReferencedArchives.NONE);
    }

    /** @param referenced where the definitions of referenced schemas come from (their newest backups) */
    public PgScratchVerifier(PgConnection pg, String maintenanceDatabase, Duration timeout,
                             ReferencedArchives referenced) {
        this.pg = pg;
        this.maintenanceDatabase = maintenanceDatabase;
        this.timeout = timeout;
        this.referenced = referenced;
    }

    @Override
    public List<TableCheck> verify(String schema, VerifiedArchive archive) throws RestoreFailedException {
        ArchiveContents contents = ArchiveContents.read(pg, schema, archive, timeout);
        Set<String> roots = contents.allReferences();
        try (ReferencedArchives.Closure closure = referenced.definitionsNeeded(pg,
                CrossSchemaReplacer.sourceDatabaseOf(archive), contents,
                roots, name -> false, timeout)) {
            List<ArchiveContents.ForeignKey> intoReferenced = foreignKeysInto(schema, contents, closure);
            String scratch = PREFIX + Long.toString(Math.abs(RANDOM.nextLong()), 36);
            execute("CREATE DATABASE " + Identifiers.quote(scratch));
            Path list = archive.file().resolveSibling(archive.file().getFileName() + ".list");
            try {
                // Definitions first, each schema's after those it uses (the verified schema's included), then the
                // verified schema's rows and keys: a referenced schema's definitions may use the verified schema's.
                for (String name : closure.definitionOrder(schema, contents.definitionReferences())) {
                    VerifiedArchive definitions = name.equals(schema) ? archive
                            : closure.of(name).orElseThrow().archive();
                    restoreInto(scratch, definitions, List.of("--section=pre-data"), closure);
                }
                // The referenced schemas' keys and indexes (no rows, no foreign keys): what foreign keys point at.
                for (ReferencedArchives.Referenced r : closure.ordered()) {
                    restoreInto(scratch, r.archive(), List.of("-L", r.contents().listWithout(r.contents()
                            .foreignKeys(), list).toString(), "--section=post-data"), closure);
                }
                restoreInto(scratch, archive, List.of("-L", contents.listWithout(intoReferenced, list).toString(),
                        "--section=data", "--section=post-data"), closure);
                addNotValid(scratch, intoReferenced);
                return compare(archive.tableRowCounts(), countRows(scratch, schema, archive.tableRowCounts()));
            } finally {
                execute("DROP DATABASE IF EXISTS " + Identifiers.quote(scratch) + " WITH (FORCE)");
                deleteQuietly(list);
            }
        }
    }

    /**
     * The foreign keys that point into a schema loaded as definitions only; a foreign key into a schema with no
     * backup fails the drill here, naming it, before anything is restored.
     */
    private static List<ArchiveContents.ForeignKey> foreignKeysInto(String schema, ArchiveContents contents,
                                                                    ReferencedArchives.Closure closure)
            throws RestoreFailedException {
        List<ArchiveContents.ForeignKey> into = new ArrayList<>();
        for (ArchiveContents.ForeignKey fk : contents.foreignKeys()) {
            for (String other : fk.referencedSchemas()) {
                if (closure.of(other).isEmpty()) {
                    throw new RestoreFailedException(schema + " references schema \"" + other + "\" (" + fk.statement()
                            .replaceAll("\\s+", " ") + "), which has no backup to take its definitions from", null);
                }
            }
            if (!fk.referencedSchemas().isEmpty()) {
                into.add(fk);
            }
        }
        return into;
    }

    /** Partitioned tables take no {@code NOT VALID} foreign key (PostgreSQL 15): those are left out and logged. */
    private void addNotValid(String scratch, List<ArchiveContents.ForeignKey> foreignKeys)
            throws RestoreFailedException {
        try (Connection c = connect(scratch); Statement st = c.createStatement()) {
            for (ArchiveContents.ForeignKey fk : foreignKeys) {
                try {
                    st.execute(notValid(fk.statement()));
                } catch (SQLException e) {
                    if (!"0A000".equals(e.getSQLState())) {
                        throw e;
                    }
                    log.info("left out of the drill (its table is partitioned): {}", fk.statement());
                }
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("adding the foreign keys into referenced schemas failed: "
                    + e.getMessage(), e);
        }
    }

    /** pg_dump's {@code ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY …;} as a constraint that checks no rows. */
    static String notValid(String statement) {
        String sql = statement.strip();
        return (sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql) + " NOT VALID";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", file, e.toString());
        }
    }

    private void restoreInto(String scratch, VerifiedArchive archive, List<String> selection,
                             ReferencedArchives.Closure closure) throws RestoreFailedException {
        List<String> command = new ArrayList<>(List.of("pg_restore", "--no-owner", "--no-privileges",
                "--exit-on-error", "-h", pg.host(), "-p", Integer.toString(pg.port()), "-U", pg.user(),
                "-d", scratch, "--no-password"));
        command.addAll(selection);
        Process restore = ArchiveStreams.start(pg, command, true);
        CompletableFuture<String> stderr = ArchiveStreams.stderrOf(restore);
        try (InputStream in = ArchiveStreams.customFormat(archive)) {
            // pg_restore stops reading once it has the entries it was asked for (a section, a list): then the feed
            // ends with a broken pipe, and pg_restore's exit status tells whether it had everything.
            ArchiveStreams.feed(restore, in).exceptionally(e -> null).join();
        } catch (Exception e) {
            restore.destroyForcibly();
            throw new RestoreFailedException("feeding pg_restore failed: " + e.getMessage(), e);
        }
        int exit = ArchiveStreams.exitCode(restore, timeout.toMinutes() + 1);
        if (exit != 0) {
            String failure = "pg_restore of " + archive.key() + " into the scratch database exited " + exit + ": "
                    + ArchiveStreams.join(stderr);
            throw new RestoreFailedException(ReferencedArchives.explain(archive.key(), failure,
                    closure.withoutBackup()), null);
        }
    }

    /**
     * Exact counts of the schema's tables and partitions, and of its populated materialized views that the backup
     * recorded (records of older backup-workers list tables only, and a view they did not count is no difference).
     * Names are whatever the database allowed ({@code "LoginHistory"}, {@code a"b}, {@code заказы}): quoted with
     * doubled quotes.
     */
    private Map<String, Long> countRows(String database, String schema, Map<String, Long> recorded)
            throws RestoreFailedException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = connect(database)) {
            List<String> relations = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select c.relname, c.relkind from pg_class c"
                    + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = ?"
                    + " and (c.relkind = 'r' or (c.relkind = 'm' and c.relispopulated))")) {
                ps.setString(1, Identifiers.requireIdentifier("schema", schema));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!"m".equals(rs.getString(2)) || recorded.containsKey(rs.getString(1))) {
                            relations.add(rs.getString(1));
                        }
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                for (String relation : relations) {
                    try (ResultSet rs = st.executeQuery("select count(*) from " + Identifiers.quote(schema) + "."
                            + Identifiers.quoteName(relation))) {
                        rs.next();
                        counts.put(relation, rs.getLong(1));
                    }
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new RestoreFailedException("counting rows in the scratch database failed: " + e.getMessage(), e);
        }
    }

    /** Every table on either side: recorded but missing counts as found 0, unrecorded as expected 0. */
    static List<TableCheck> compare(Map<String, Long> expected, Map<String, Long> found) {
        TreeSet<String> tables = new TreeSet<>(expected.keySet());
        tables.addAll(found.keySet());
        return tables.stream()
                .map(t -> new TableCheck(t, expected.getOrDefault(t, 0L), found.getOrDefault(t, 0L)))
                .toList();
    }

    private void execute(String sql) throws RestoreFailedException {
        try (Connection c = connect(maintenanceDatabase); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new RestoreFailedException(sql.split(" ")[0] + " DATABASE failed: " + e.getMessage(), e);
        }
    }

    private Connection connect(String database) throws SQLException {
        return pg.open(database, "restore-worker");
    }
}
