package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.naming.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The durable record, in the target database itself, of what restores of schemas that reference each other left
 * for later: schema {@code "restore-worker"} (not a plain identifier, so never a schema of ours) with
 * <ul>
 *   <li>{@code definitions_only}: schemas whose definitions (no rows, no keys) were created because another
 *       schema's objects need them (a column of their type, a view over their table), with the archive and the
 *       digest of the definitions they came from; such a schema is still to be restored, and its restore fills it
 *       instead of creating it;</li>
 *   <li>{@code deferred_foreign_keys}: foreign keys of restored schemas into schemas that were not complete then,
 *       each with its statement and the schemas it waits for.</li>
 * </ul>
 * Every restore of an absent schema ends, in its own transaction and under one lock per database, with
 * {@link #closing}: it adds every deferred foreign key whose schemas are all complete now (its own included) and
 * drops the record when nothing is left. Written in the restores' transactions, the record commits or rolls back
 * with them.
 */
final class CrossSchemaBook {

    static final String SCHEMA = "\"restore-worker\"";
    /** Advisory lock classes ("Rstd", "Rstb"): apart from UnfinishedRestoreMark's and from applications'. */
    static final int SCHEMA_LOCK_CLASS = 0x52737464;
    static final int BOOK_LOCK_CLASS = 0x52737462;

    /** A schema's state in the target, as restores of the schemas that reference it see it. */
    enum State {
        /** Not there. */
        ABSENT,
        /** Created as definitions only, for another schema; its own restore is still to come. */
        DEFINITIONS_ONLY,
        /** A parallel restore of it is running or was left unfinished ({@link UnfinishedRestoreMark}). */
        UNFINISHED,
        /** There, restored or the application's own. */
        COMPLETE
    }

    private CrossSchemaBook() {
    }

    static State state(Connection c, String schema) throws SQLException {
        if (!namespaceExists(c, schema)) {
            return State.ABSENT;
        }
        if (namespaceExists(c, UnfinishedRestoreMark.markerSchema(schema))) {
            return State.UNFINISHED;
        }
        return definitionsOnly(c, schema) != null ? State.DEFINITIONS_ONLY : State.COMPLETE;
    }

    /** The recorded digest of a definitions-only schema's definitions; null when it is not one. */
    static String definitionsOnly(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select case when to_regclass('" + SCHEMA
                + ".definitions_only') is not null then 1 end")) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(1) == null) {
                    return null;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select definitions_sha256 || ' from ' || archive_key from "
                + SCHEMA + ".definitions_only where schema_name = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The record's tables, created when missing; run under the book's lock ({@link #lock()}). */
    static String ensure() {
        return "CREATE SCHEMA IF NOT EXISTS " + SCHEMA + ";\n"
                + "COMMENT ON SCHEMA " + SCHEMA + " IS 'restore-worker: definitions created for schemas that"
                + " reference them, and foreign keys waiting for the schemas they reference; dropped when empty';\n"
                + "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".definitions_only (schema_name text PRIMARY KEY,"
                + " archive_key text NOT NULL, definitions_sha256 text NOT NULL, created_for text NOT NULL,"
                + " created_at timestamptz NOT NULL DEFAULT now());\n"
                + "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".deferred_foreign_keys (owner_schema text NOT NULL,"
                + " statement text NOT NULL, not_valid_statement text NOT NULL, referenced_schemas text[] NOT NULL,"
                + " PRIMARY KEY (owner_schema, statement));\n";
    }

    /** The lock that orders the closing steps of restores into one database. */
    static String lock() {
        return "SELECT pg_advisory_xact_lock(" + BOOK_LOCK_CLASS + ", 0);\n";
    }

    static String recordDefinitionsOnly(String schema, String archiveKey, String digest, String createdFor) {
        return "INSERT INTO " + SCHEMA + ".definitions_only (schema_name, archive_key, definitions_sha256,"
                + " created_for) VALUES (" + literal(schema) + ", " + literal(archiveKey) + ", " + literal(digest)
                + ", " + literal(createdFor) + ");\n";
    }

    /**
     * The closing steps of the restore of {@code schema}, in its transaction: takes the book's lock, records that
     * {@code schema} is complete, replaces its deferred foreign keys by {@code deferred}, adds every deferred
     * foreign key whose schemas are all complete now, and drops the record when it is empty.
     */
    static String closing(String schema, Collection<ArchiveContents.ForeignKey> deferred) {
        StringBuilder sql = new StringBuilder(lock()).append(ensure());
        sql.append("DELETE FROM ").append(SCHEMA).append(".definitions_only WHERE schema_name = ")
                .append(literal(schema)).append(";\n");
        sql.append("DELETE FROM ").append(SCHEMA).append(".deferred_foreign_keys WHERE owner_schema = ")
                .append(literal(schema)).append(";\n");
        for (ArchiveContents.ForeignKey fk : deferred) {
            sql.append("INSERT INTO ").append(SCHEMA).append(".deferred_foreign_keys VALUES (")
                    .append(literal(schema)).append(", ").append(literal(fk.statement())).append(", ")
                    .append(literal(PgScratchVerifier.notValid(fk.statement()))).append(", ")
                    .append(array(fk.referencedSchemas())).append(");\n");
        }
        String body = """
                DECLARE r record; ready boolean;
                BEGIN
                  FOR r IN SELECT * FROM %1$s.deferred_foreign_keys ORDER BY owner_schema, statement LOOP
                    SELECT bool_and(n.oid IS NOT NULL
                                    AND NOT EXISTS (SELECT 1 FROM %1$s.definitions_only d WHERE d.schema_name = s)
                                    AND NOT EXISTS (SELECT 1 FROM pg_namespace m WHERE m.nspname =
                                        CASE WHEN length('restoring: ' || s) <= 63 THEN 'restoring: ' || s
                                        ELSE 'restoring: ' || left(s, 40) || '~'
                                             || left(encode(sha256(convert_to(s, 'UTF8')), 'hex'), 8) END))
                      INTO ready
                      FROM unnest(r.referenced_schemas || r.owner_schema) s
                      LEFT JOIN pg_namespace n ON n.nspname = s;
                    IF ready THEN
                      BEGIN
                        EXECUTE r.statement;
                      EXCEPTION WHEN foreign_key_violation THEN
                        -- Backups of the two schemas taken at different times: keep the key, unchecked.
                        RAISE WARNING 'restore-worker: rows violate %%; added NOT VALID', r.statement;
                        EXECUTE r.not_valid_statement;
                      END;
                      DELETE FROM %1$s.deferred_foreign_keys
                       WHERE owner_schema = r.owner_schema AND statement = r.statement;
                    END IF;
                  END LOOP;
                  IF NOT EXISTS (SELECT 1 FROM %1$s.deferred_foreign_keys)
                     AND NOT EXISTS (SELECT 1 FROM %1$s.definitions_only) THEN
                    DROP SCHEMA %1$s CASCADE;
                  END IF;
                END""".formatted(SCHEMA);
        String tag = RowCountChecks.dollarTagNotIn(body + sql);
        return sql.append("DO ").append(tag).append(body).append(tag).append(";\n").toString();
    }

    private static boolean namespaceExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String array(Set<String> names) {
        return "ARRAY[" + names.stream().map(CrossSchemaBook::literal).collect(Collectors.joining(", "))
                + "]::text[]";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Names in a fixed order, so that restores taking several schema locks take them in the same order. */
    static List<String> lockOrder(Collection<String> schemas) {
        return schemas.stream().map(s -> Identifiers.requireIdentifier("schema", s)).sorted().distinct().toList();
    }
}
