package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.events.DependentObject;
import com.aquastream.backup.restore.recovery.SchemaReplacer;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores of absent schemas that reference each other (a restore-all into an empty database: one command per
 * schema, in any order, cycles included), around the replacer that handles everything else.
 *
 * <p>A schema's objects may need another schema's definitions (a column of its type, a view over its table) and its
 * foreign keys need that schema's rows and primary key. So the restore of an absent schema:
 * <ol>
 *   <li>reads from its archive which schemas it references, and for those that are not complete in the target
 *       fetches their newest backups (transitively);</li>
 *   <li>locks, in name order, its own name and theirs ({@link SchemaLocks}), and looks at the target again;</li>
 *   <li>creates the definitions ({@code --section=pre-data}) of each referenced schema that is absent, recorded as
 *       definitions-only ({@link CrossSchemaBook}); a schema that is definitions-only is filled, not created, when its
 *       own restore comes (its data and keys only, from an archive with the same definitions);</li>
 *   <li>restores the schema without its foreign keys into schemas that are not complete, which it records as
 *       deferred, checks every row count, and, in the same transaction, adds every deferred foreign key whose
 *       schemas are all complete now (those of earlier restores into this schema among them).</li>
 * </ol>
 * With one job all of it is one transaction (kill-safe as a replace); with more, the definitions are one
 * transaction and the schema a marked parallel restore ({@link ParallelRestore}) whose closing step records and adds
 * the foreign keys together with dropping its mark. A definitions-only schema is always filled in one transaction:
 * a failure must leave its definitions in place for the schemas that use them.
 */
public final class CrossSchemaReplacer implements SchemaReplacer {

    private static final Logger log = LoggerFactory.getLogger(CrossSchemaReplacer.class);

    private final SchemaReplacer replacer;
    private final PgConnection pg;
    private final Duration timeout;
    private final ReferencedArchives referenced;
    private final ParallelRestore parallel;
    private final OneTransactionLoad oneTransaction;

    /**
     * @param replacer     does the rest (replacing an existing schema, creating databases, discarding unfinished
     *                     restores)
     * @param parallelJobs {@code pg_restore -j} for an absent schema; 1: one transaction
     */
    public CrossSchemaReplacer(SchemaReplacer replacer, PgConnection pg, int parallelJobs, Duration timeout,
                               ReferencedArchives referenced) {
        if (parallelJobs < 1) {
            throw new IllegalArgumentException("parallel restore jobs must be at least 1, was " + parallelJobs);
        }
        this.replacer = replacer;
        this.pg = pg;
        this.timeout = timeout;
        this.referenced = referenced;
        this.parallel = parallelJobs > 1 ? new ParallelRestore(pg, parallelJobs, timeout) : null;
        this.oneTransaction = new OneTransactionLoad(pg, timeout);
    }

    @Override
    public List<Dependent> dependentsOutside(String database, String schema) throws RestoreFailedException {
        return replacer.dependentsOutside(database, schema);
    }

    @Override
    public List<DependentObject> replace(String database, String schema, VerifiedArchive archive,
                                         boolean dropDependents) throws RestoreFailedException {
        return replacer.replace(database, schema, archive, dropDependents);
    }

    /** A schema that holds only definitions created for others is still to be restored: it does not count. */
    @Override
    public boolean schemaExists(String database, String schema) throws RestoreFailedException {
        if (!replacer.schemaExists(database, schema)) {
            return false;
        }
        try (Connection c = pg.open(database, "restore-worker")) {
            return CrossSchemaBook.definitionsOnly(c, schema) == null;
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot inspect " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void createDatabaseIfMissing(String database) throws RestoreFailedException {
        replacer.createDatabaseIfMissing(database);
    }

    @Override
    public boolean discardUnfinishedRestore(String database, String schema) throws RestoreFailedException {
        return replacer.discardUnfinishedRestore(database, schema);
    }

    @Override
    public void restoreAbsent(String database, String schema, VerifiedArchive archive) throws RestoreFailedException {
        Identifiers.requireIdentifier("database", database);
        Identifiers.requireIdentifier("schema", schema);
        ArchiveContents contents = ArchiveContents.read(pg, schema, archive, timeout);
        try (ReferencedArchives.Closure closure = referenced.definitionsNeeded(pg, sourceDatabaseOf(archive),
                contents, name -> isComplete(database, name), timeout)) {
            List<String> locked = Stream.concat(Stream.of(schema),
                    closure.ordered().stream().map(ReferencedArchives.Referenced::schema)).toList();
            try (SchemaLocks locks = SchemaLocks.take(pg, database, locked, timeout)) {
                restoreLocked(locks.connection(), database, schema, archive, contents, closure);
            } catch (RestoreFailedException e) {
                throw new RestoreFailedException(ReferencedArchives.explain(schema, e.getMessage(),
                        closure.withoutBackup()), e.getCause());
            }
        }
    }

    private void restoreLocked(Connection c, String database, String schema, VerifiedArchive archive,
                               ArchiveContents contents, ReferencedArchives.Closure closure)
            throws RestoreFailedException {
        List<String> created = new ArrayList<>(); // referenced schemas whose definitions this restore creates
        StringBuilder recorded = new StringBuilder();
        List<ArchiveContents.ForeignKey> deferred = new ArrayList<>();
        CrossSchemaBook.State own;
        try {
            own = CrossSchemaBook.state(c, schema);
            for (ReferencedArchives.Referenced r : closure.ordered()) {
                if (CrossSchemaBook.state(c, r.schema()) == CrossSchemaBook.State.ABSENT) {
                    created.add(r.schema());
                    recorded.append(CrossSchemaBook.recordDefinitionsOnly(r.schema(), r.archive().key(),
                            ArchiveContents.definitionsDigest(pg, r.archive(), timeout), schema));
                    log.info("creating the definitions of {}.{} from {}, which {} needs", database, r.schema(),
                            r.archive().key(), schema);
                }
            }
            for (ArchiveContents.ForeignKey fk : contents.foreignKeys()) {
                for (String other : fk.referencedSchemas()) {
                    if (CrossSchemaBook.state(c, other) != CrossSchemaBook.State.COMPLETE) {
                        deferred.add(fk);
                        break;
                    }
                }
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot inspect " + database + ": " + e.getMessage(), e);
        }
        switch (own) {
            case COMPLETE -> throw new RestoreFailedException("schema \"" + schema + "\" already exists in "
                    + database + " (created while this restore started); it was left as it is", null);
            case UNFINISHED -> throw new RestoreFailedException("a parallel restore of " + schema + " in " + database
                    + " is unfinished; the next delivery of its command drops it", null);
            default -> { }
        }
        if (!deferred.isEmpty()) {
            log.info("restoring {}.{} without its foreign keys into schemas not complete yet ({}); they are added"
                    + " when those are restored", database, schema, deferred.stream()
                    .map(fk -> String.join(",", fk.referencedSchemas())).distinct().toList());
        }
        Path list = archive.file().resolveSibling(archive.file().getFileName() + ".list");
        try {
            contents.listWithout(deferred, list);
            String closing = CrossSchemaBook.closing(schema, deferred);
            boolean fill = own == CrossSchemaBook.State.DEFINITIONS_ONLY;
            if (fill) {
                requireSameDefinitions(c, database, schema, archive);
            }
            // Definitions first, each schema's after those it uses; the schema's own among them unless it is being
            // filled (its definitions are there) — before the referenced ones' when theirs use its own.
            List<String> order = closure.definitionOrder(schema, contents.definitionReferences()).stream()
                    .filter(name -> name.equals(schema) ? !fill : created.contains(name)).toList();
            List<OneTransactionLoad.Part> definitions = new ArrayList<>();
            for (String name : order) {
                VerifiedArchive from = name.equals(schema) ? archive : closure.of(name).orElseThrow().archive();
                definitions.add(new OneTransactionLoad.Part(from, List.of("--section=pre-data")));
            }
            String recordCreated = created.isEmpty() ? ""
                    : CrossSchemaBook.lock() + CrossSchemaBook.ensure() + recorded;
            boolean ownLast = order.isEmpty() || order.get(order.size() - 1).equals(schema);
            if (parallel != null && !fill && ownLast) {
                if (!created.isEmpty()) {
                    oneTransaction.run(database, definitions.subList(0, definitions.size() - 1), recordCreated,
                            "creating the definitions " + schema + " needs in " + database);
                }
                parallel.restore(database, schema, archive, list, closing);
                return;
            }
            List<OneTransactionLoad.Part> parts = new ArrayList<>(definitions);
            parts.add(new OneTransactionLoad.Part(archive, List.of("-L", list.toString(), "--section=data",
                    "--section=post-data")));
            String checks = RowCountChecks.inTransaction(schema, archive.tableRowCounts());
            oneTransaction.run(database, parts, checks + recordCreated + closing,
                    "restore of " + archive.key() + " into " + database);
        } finally {
            try {
                Files.deleteIfExists(list);
            } catch (IOException e) {
                log.warn("could not delete {}: {}", list, e.toString());
            }
        }
    }

    /**
     * A definitions-only schema is filled with the data and keys of an archive whose definitions are the ones it
     * holds; others would change objects under the schemas that use them.
     */
    private void requireSameDefinitions(Connection c, String database, String schema, VerifiedArchive archive)
            throws RestoreFailedException {
        String recorded;
        try {
            recorded = CrossSchemaBook.definitionsOnly(c, schema);
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot inspect " + database + ": " + e.getMessage(), e);
        }
        String digest = ArchiveContents.definitionsDigest(pg, archive, timeout);
        if (recorded == null || !recorded.startsWith(digest + " ")) {
            throw new RestoreFailedException(database + "." + schema + " holds the definitions of " + schema
                    + " (" + (recorded == null ? "?" : recorded.substring(recorded.indexOf(" from ") + 6)) + "),"
                    + " created for schemas that use them, and " + archive.key() + " defines " + schema
                    + " differently: restore " + schema + " from that archive, or drop the schemas that use it", null);
        }
    }

    private boolean isComplete(String database, String schema) {
        try (Connection c = pg.open(database, "restore-worker")) {
            return CrossSchemaBook.state(c, schema) == CrossSchemaBook.State.COMPLETE;
        } catch (SQLException e) {
            return false; // looked at again under the locks
        }
    }

    /** The source database, from the key's {@code postgres/{database}/} prefix (checked against the command). */
    static String sourceDatabaseOf(VerifiedArchive archive) {
        String[] parts = archive.key().split("/");
        return parts.length > 2 ? parts[1] : "";
    }
}
