package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import com.aquastream.backup.restore.recovery.VerifiedArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a schema's archive says about other schemas, read from its table of contents ({@code pg_restore -l}) and its
 * definitions ({@code pg_restore --schema-only}), both at the start of a custom-format archive, so reading them costs
 * no pass over the data.
 *
 * <ul>
 *   <li>{@link #definitionReferences()}: schemas whose objects the definitions use (a column of another schema's
 *       type, a view over its table, a default calling its function or sequence): they must exist before the schema
 *       can be created;</li>
 *   <li>{@link #foreignKeys()}: its foreign keys, each with the schemas it references: a key into another schema
 *       needs that schema's rows and primary key, so it can only be added once that schema is restored.</li>
 * </ul>
 */
final class ArchiveContents {

    /** The comment pg_restore writes before each entry's SQL. */
    private static final Pattern ENTRY = Pattern.compile("(?m)^-- Name: .*; Type: (.+); Schema: .*; Owner: .*$");
    private static final String FK = "FK CONSTRAINT";
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema", "pg_toast");

    /** A foreign key of the archive: its table-of-contents line, its statement, the other schemas it references. */
    record ForeignKey(String tocLine, String statement, Set<String> referencedSchemas) {
    }

    private final String schema;
    private final List<String> toc;
    private final Set<String> definitionReferences;
    private final List<ForeignKey> foreignKeys;

    private ArchiveContents(String schema, List<String> toc, Set<String> definitionReferences,
                            List<ForeignKey> foreignKeys) {
        this.schema = schema;
        this.toc = toc;
        this.definitionReferences = definitionReferences;
        this.foreignKeys = foreignKeys;
    }

    static ArchiveContents read(PgConnection pg, String schema, VerifiedArchive archive, Duration timeout)
            throws RestoreFailedException {
        List<String> toc = run(pg, archive, List.of("pg_restore", "-l"), timeout).lines()
                .filter(line -> !line.isBlank() && !line.startsWith(";")).toList();
        String definitions = run(pg, archive, List.of("pg_restore", "--schema-only", "-f", "-"), timeout);
        Set<String> definitionReferences = new LinkedHashSet<>();
        List<String> fkStatements = new ArrayList<>();
        Matcher entry = ENTRY.matcher(definitions);
        int start = -1;
        String type = null;
        while (true) {
            boolean more = entry.find();
            if (type != null) {
                String sql = statementsOf(definitions.substring(start, more ? entry.start() : definitions.length()));
                if (type.equals(FK)) {
                    fkStatements.add(sql);
                } else {
                    definitionReferences.addAll(SqlNames.qualifiers(sql));
                }
            }
            if (!more) {
                break;
            }
            type = entry.group(1);
            start = entry.end();
        }
        List<String> fkLines = toc.stream().filter(line -> line.contains(" " + FK + " ")).toList();
        if (fkLines.size() != fkStatements.size()) {
            throw new RestoreFailedException("cannot read the foreign keys of " + archive.key() + ": its table of"
                    + " contents lists " + fkLines.size() + ", its definitions hold " + fkStatements.size(), null);
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        for (int i = 0; i < fkLines.size(); i++) {
            foreignKeys.add(new ForeignKey(fkLines.get(i), fkStatements.get(i),
                    others(schema, SqlNames.qualifiers(fkStatements.get(i)))));
        }
        return new ArchiveContents(schema, toc, others(schema, definitionReferences), List.copyOf(foreignKeys));
    }

    /** The schemas the definitions may use, apart from the archive's own and the system's (a superset, see SqlNames). */
    Set<String> definitionReferences() {
        return definitionReferences;
    }

    List<ForeignKey> foreignKeys() {
        return foreignKeys;
    }

    /** Every schema named anywhere in the definitions or foreign keys (a superset). */
    Set<String> allReferences() {
        Set<String> all = new LinkedHashSet<>(definitionReferences);
        foreignKeys.forEach(fk -> all.addAll(fk.referencedSchemas()));
        return all;
    }

    /**
     * Writes a list for {@code pg_restore -L}: the whole table of contents without the given foreign keys, in the
     * archive's order.
     */
    Path listWithout(Collection<ForeignKey> left, Path file) throws RestoreFailedException {
        Set<String> leftOut = new java.util.HashSet<>();
        left.forEach(fk -> leftOut.add(fk.tocLine()));
        try {
            Files.write(file, toc.stream().filter(line -> !leftOut.contains(line)).toList(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new RestoreFailedException("cannot write the restore list " + file + ": " + e.getMessage(), e);
        }
    }

    String schema() {
        return schema;
    }

    /**
     * A digest of the archive's definitions ({@code --section=pre-data}), without pg_restore's comments and its
     * per-run {@code \restrict} key: two backups of unchanged definitions have the same digest.
     */
    static String definitionsDigest(PgConnection pg, VerifiedArchive archive, Duration timeout)
            throws RestoreFailedException {
        String sql = run(pg, archive, List.of("pg_restore", "--section=pre-data", "-f", "-"), timeout);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            sql.lines().filter(line -> !line.startsWith("--") && !line.startsWith("\\restrict")
                            && !line.startsWith("\\unrestrict") && !line.isBlank())
                    .forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statements of an entry, without comment lines and psql's {@code \restrict} lines. */
    private static String statementsOf(String block) {
        StringBuilder sql = new StringBuilder();
        block.lines().filter(line -> !line.startsWith("--") && !line.startsWith("\\")).forEach(line ->
                sql.append(line).append('\n'));
        return sql.toString().strip();
    }

    private static Set<String> others(String schema, Set<String> names) {
        Set<String> others = new LinkedHashSet<>(names);
        others.remove(schema);
        others.removeAll(SYSTEM_SCHEMAS);
        return others;
    }

    /** Runs pg_restore on the archive (fed on stdin, decompressed) and returns what it printed. */
    private static String run(PgConnection pg, VerifiedArchive archive, List<String> command, Duration timeout)
            throws RestoreFailedException {
        Process p = ArchiveStreams.start(pg, command, false);
        CompletableFuture<String> stderr = ArchiveStreams.stderrOf(p);
        byte[] stdout;
        try {
            // pg_restore stops reading once it has what it needs (the table of contents and the definitions come
            // first), so the feed ending early with a broken pipe is normal here.
            ArchiveStreams.feed(p, ArchiveStreams.customFormat(archive));
            try (InputStream in = p.getInputStream()) {
                stdout = in.readAllBytes();
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new RestoreFailedException("cannot read " + archive.key() + ": " + e.getMessage(), e);
        }
        int exit = ArchiveStreams.exitCode(p, timeout.toMinutes() + 1);
        if (exit != 0) {
            throw new RestoreFailedException("pg_restore could not read the contents of " + archive.key()
                    + " (exit " + exit + "): " + ArchiveStreams.join(stderr), null);
        }
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
