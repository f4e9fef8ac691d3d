package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.restore.recovery.ArchiveFetcher;
import com.aquastream.backup.restore.recovery.ArchiveFetcher.ArchiveRejectedException;
import com.aquastream.backup.restore.recovery.ArchiveLocator;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the definitions of the schemas another schema references come from: each one's newest backup, found by the
 * {@link ArchiveLocator} and downloaded and verified by the {@link ArchiveFetcher} like any archive to restore.
 */
public final class ReferencedArchives {

    private static final Logger log = LoggerFactory.getLogger(ReferencedArchives.class);

    /** No store to look in: a schema that references another can only be restored where that one exists. */
    static final ReferencedArchives NONE = new ReferencedArchives(null, null);

    /** A referenced schema, its newest archive and what that says about further schemas. */
    record Referenced(String schema, VerifiedArchive archive, ArchiveContents contents) {
    }

    /**
     * The referenced schemas whose definitions are to be loaded, dependencies before the schemas that use them;
     * {@code withoutBackup}: names that qualified others in the definitions but have no backup (table aliases, or a
     * schema that was never backed up).
     */
    record Closure(List<Referenced> ordered, Set<String> withoutBackup) implements AutoCloseable {

        Optional<Referenced> of(String schema) {
            return ordered.stream().filter(r -> r.schema().equals(schema)).findFirst();
        }

        /**
         * The order in which to create the definitions of {@code self} and of the referenced schemas: each after
         * the schemas its definitions use (a schema referenced only by foreign keys needs no place before the
         * other); where definitions use each other in a circle, the circle is cut where it was entered.
         */
        List<String> definitionOrder(String self, Set<String> selfReferences) {
            List<String> order = new ArrayList<>();
            place(self, selfReferences, order);
            for (Referenced r : ordered) {
                place(r.schema(), r.contents().definitionReferences(), order);
            }
            return order;
        }

        private void place(String schema, Set<String> references, List<String> order) {
            if (order.contains(schema)) {
                return;
            }
            order.add(schema); // provisional: cuts a circle back to this schema
            for (String reference : references) {
                of(reference).ifPresent(r -> place(r.schema(), r.contents().definitionReferences(), order));
            }
            order.remove(schema);
            order.add(schema);
        }

        /** Deletes the downloaded archives. */
        @Override
        public void close() {
            for (Referenced r : ordered) {
                try {
                    Files.deleteIfExists(r.archive().file());
                } catch (IOException e) {
                    log.warn("could not delete the temporary archive {}: {}", r.archive().file(), e.toString());
                }
            }
        }
    }

    private final ArchiveLocator locator;
    private final ArchiveFetcher fetcher;

    public ReferencedArchives(ArchiveLocator locator, ArchiveFetcher fetcher) {
        this.locator = locator;
        this.fetcher = fetcher;
    }

    /**
     * The schemas whose definitions {@code contents} needs, transitively (cycles included: each schema once),
     * leaving out those {@code present} says are there already; ordered so that a schema comes after the ones its
     * definitions use.
     */
    Closure definitionsNeeded(PgConnection pg, String database, ArchiveContents contents, Predicate<String> present,
                              Duration timeout) throws RestoreFailedException {
        return definitionsNeeded(pg, database, contents, contents.definitionReferences(), present, timeout);
    }

    /** As {@link #definitionsNeeded(PgConnection, String, ArchiveContents, Predicate, Duration)}, from {@code roots}. */
    Closure definitionsNeeded(PgConnection pg, String database, ArchiveContents contents, Set<String> roots,
                              Predicate<String> present, Duration timeout) throws RestoreFailedException {
        Map<String, Referenced> ordered = new LinkedHashMap<>();
        Set<String> withoutBackup = new LinkedHashSet<>();
        Set<String> visited = new LinkedHashSet<>(Set.of(contents.schema()));
        Closure closure = new Closure(new ArrayList<>(), withoutBackup);
        try {
            visit(pg, database, roots, present, timeout, visited, ordered, withoutBackup);
        } catch (RestoreFailedException | RuntimeException e) {
            new Closure(List.copyOf(ordered.values()), withoutBackup).close();
            throw e;
        }
        closure.ordered().addAll(ordered.values());
        return closure;
    }

    private void visit(PgConnection pg, String database, Set<String> references, Predicate<String> present,
                       Duration timeout, Set<String> visited, Map<String, Referenced> ordered,
                       Set<String> withoutBackup) throws RestoreFailedException {
        for (String schema : references) {
            if (!visited.add(schema) || present.test(schema)) {
                continue;
            }
            Optional<VerifiedArchive> archive = newest(database, schema);
            if (archive.isEmpty()) {
                withoutBackup.add(schema);
                continue;
            }
            ArchiveContents referenced;
            try {
                referenced = ArchiveContents.read(pg, schema, archive.get(), timeout);
            } catch (RestoreFailedException e) {
                deleteQuietly(archive.get());
                throw e;
            }
            Referenced r = new Referenced(schema, archive.get(), referenced);
            ordered.put(schema, r); // placeholder while its own references are visited: keeps its file cleaned up
            visit(pg, database, referenced.definitionReferences(), present, timeout, visited, ordered,
                    withoutBackup);
            ordered.remove(schema);
            ordered.put(schema, r);
        }
    }

    /** The newest backup of {@code database.schema}, downloaded and verified; empty when the store holds none. */
    Optional<VerifiedArchive> newest(String database, String schema) throws RestoreFailedException {
        if (locator == null || !Identifiers.isIdentifier(schema)) {
            return Optional.empty();
        }
        String key;
        try {
            key = locator.locate(database, schema, null, null);
        } catch (ArchiveRejectedException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("listing the backups of " + database + "." + schema, e);
        }
        try {
            VerifiedArchive archive = fetcher.fetch(key);
            log.info("loaded the newest backup {} of {}.{} for the definitions it holds", key, database, schema);
            return Optional.of(archive);
        } catch (ArchiveRejectedException e) {
            throw new RestoreFailedException("the newest backup " + key + " of " + schema + ", whose definitions"
                    + " are needed, is unusable: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + key, e);
        }
    }

    /**
     * A clearer reason for a restore that failed on a missing schema: names the referenced schema that has no
     * backup instead of pg_restore's output, when the error mentions one; else the error as it is.
     */
    static String explain(String schema, String failure, Set<String> withoutBackup) {
        for (String missing : withoutBackup) {
            if (failure.contains("\"" + missing + "\"") || failure.contains("\"" + missing + ".")) {
                String error = failure.lines().filter(l -> l.contains("ERROR:")).findFirst().orElse("").strip();
                return schema + " references schema \"" + missing + "\", which does not exist there and has no"
                        + " backup to take its definitions from" + (error.isEmpty() ? "" : " (" + error + ")");
            }
        }
        return failure;
    }

    private static void deleteQuietly(VerifiedArchive archive) {
        try {
            Files.deleteIfExists(archive.file());
        } catch (IOException e) {
            log.warn("could not delete the temporary archive {}: {}", archive.file(), e.toString());
        }
    }
}
