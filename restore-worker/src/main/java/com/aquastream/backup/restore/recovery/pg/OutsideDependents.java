package com.aquastream.backup.restore.recovery.pg;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.events.DependentObject;
import com.aquastream.backup.restore.recovery.SchemaReplacer.Dependent;
import com.aquastream.backup.restore.recovery.SchemaReplacer.RestoreFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The objects of other schemas that {@code DROP SCHEMA … CASCADE} takes with a replaced schema, kept instead of
 * lost: the SQL that the replace's transaction runs to lock the schema, record those objects with their
 * definitions, refuse what must not be dropped, and re-create the rest after the restore.
 *
 * <p>Script order inside the transaction ({@link PsqlSchemaReplacer}): {@link #beforeDrop} (lock, record, refuse),
 * {@code DROP SCHEMA … CASCADE}, {@link #afterDrop}, pg_restore's SQL, the row-count checks, {@link #recreate},
 * {@link #report}, then the checks' token and only then COMMIT. The SQL itself lives in
 * {@code outside-dependents-record.sql} and {@code outside-dependents-recreate.sql} beside this class.
 *
 * <p>Why lock first: a foreign key into a table, a view over it or a trigger on it can only be created while its
 * creator holds a lock on that table, so with the schema's tables and views locked ({@code ACCESS EXCLUSIVE}, as the
 * drop would anyway) nothing new comes to depend on them between the check and the drop, and anything committed
 * before the lock is seen by the check. Materialized views and sequences cannot be LOCKed; an {@code ALTER … OWNER}
 * to their own owner takes the same lock where the restoring role may do it. PostgreSQL takes no lock on a type or
 * function when another object merely uses it (its own DROP has the same race), so for those the check runs in the
 * statement right before the drop, and a column of one of the schema's types created in that instant is still
 * caught: its drop leaves a dropped column behind, which {@link #afterDrop} counts and refuses.
 */
final class OutsideDependents {

    private static final String RECORD = resource("outside-dependents-record.sql");
    private static final String RECREATE = resource("outside-dependents-recreate.sql");
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private OutsideDependents() {
    }

    /**
     * After BEGIN, before the drop: locks the schema's relations, records every object of another schema the drop
     * would take in {@code pg_temp.restore_worker_dependents}, and raises an error (rolling the restore back) for
     * objects that hold data, or for any object at all unless {@code dropDependents}.
     */
    static String beforeDrop(String schema, boolean dropDependents) {
        String name = literal(schema);
        return "SET search_path = '';\n" // definitions are printed schema-qualified, as pg_restore's SQL needs
                + lock(name)
                + RECORD.replace("{{schema}}", name) + "\n"
                + refuse(schema, dropDependents)
                + "CREATE TEMP TABLE restore_worker_dropped_columns ON COMMIT DROP AS SELECT count(*) AS n"
                + " FROM " + DROPPED_COLUMNS_OUTSIDE.replace("{{schema}}", name) + ";\n";
    }

    /**
     * Right after the drop: fails the restore if the drop took a column of another schema that the check did not
     * see (created in the instant between them): its data would be lost.
     */
    static String afterDrop(String schema) {
        return "DO $restore_worker$ BEGIN\n"
                + "  IF (SELECT count(*) FROM " + DROPPED_COLUMNS_OUTSIDE.replace("{{schema}}", literal(schema))
                + ") > (SELECT n FROM pg_temp.restore_worker_dropped_columns) THEN\n"
                + "    RAISE EXCEPTION " + literal("restore-worker: a column of another schema using a type of "
                + Identifiers.quote(schema).replace("%", "%%") + " was created while the restore began, and"
                + " dropping the schema would destroy its data; nothing was changed, send the command again")
                + ";\n  END IF;\nEND $restore_worker$;\n";
    }

    /** After the row-count checks: re-creates the recorded objects in passes, marking each RECREATED or LOST. */
    static String recreate() {
        return RECREATE + "\n";
    }

    /** Prints one line: {@code reportPrefix}, a space, and the recorded objects with their outcome as JSON. */
    static String report(String reportPrefix) {
        return "SELECT " + literal(reportPrefix + " ") + " || COALESCE((SELECT pg_catalog.jsonb_agg("
                + "pg_catalog.jsonb_build_object('schema', schema_name, 'name', name, 'kind', kind,"
                + " 'status', status, 'reason', reason, 'definition', COALESCE(matview_query || CASE WHEN populated"
                + " THEN ' WITH DATA' ELSE ' WITH NO DATA' END, statements[1])) ORDER BY ord)::text"
                + " FROM pg_temp.restore_worker_dependents), '[]');\n";
    }

    /** The objects {@link #report} printed. */
    static List<DependentObject> parse(String report) throws RestoreFailedException {
        try {
            List<DependentObject> parsed = JSON.readValue(report, new TypeReference<List<DependentObject>>() {
            });
            return parsed == null ? List.of() : List.copyOf(parsed);
        } catch (JacksonException e) {
            throw new RestoreFailedException("cannot read psql's report of other schemas' objects: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * The objects a drop of the schema would take from other schemas, looked up with the same SQL as the replace
     * uses, in a transaction that is rolled back.
     */
    static List<Dependent> inspect(Connection c, String schema) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL search_path = ''");
            st.execute(RECORD.replace("{{schema}}", literal(schema)));
            List<Dependent> dependents = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT schema_name, name, kind, irreplaceable"
                    + " FROM pg_temp.restore_worker_dependents ORDER BY ord")) {
                while (rs.next()) {
                    dependents.add(new Dependent(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getBoolean(4)));
                }
            }
            return dependents;
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** Dropped columns of tables in other schemas: a column dropped by the restore's drop adds one. */
    private static final String DROPPED_COLUMNS_OUTSIDE = "pg_catalog.pg_attribute a"
            + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace"
            + " WHERE a.attisdropped AND c.relkind IN ('r', 'p', 'f') AND s.nspname <> {{schema}}";

    /**
     * Locks every table, view, materialized view and sequence of the schema in the order of their oids, so two
     * restores (or a restore and an application's DDL) that lock in the same order cannot deadlock on them.
     */
    private static String lock(String schemaLiteral) {
        return """
                DO $restore_worker$
                DECLARE r record;
                BEGIN
                    FOR r IN SELECT c.oid::pg_catalog.regclass AS rel, c.relkind,
                                    pg_catalog.pg_get_userbyid(c.relowner) AS owner
                               FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                              WHERE n.nspname = {{schema}} AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
                              ORDER BY c.oid LOOP
                        IF r.relkind IN ('m', 'S') THEN
                            BEGIN -- LOCK TABLE refuses them; changing the owner to itself takes the same lock
                                EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %I',
                                    CASE r.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'SEQUENCE' END,
                                    r.rel, r.owner);
                            EXCEPTION WHEN OTHERS THEN
                                NULL; -- not its owner: the drop locks it a moment later
                            END;
                        ELSE
                            EXECUTE pg_catalog.format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE', r.rel);
                        END IF;
                    END LOOP;
                END
                $restore_worker$;
                """.replace("{{schema}}", schemaLiteral);
    }

    private static String refuse(String schema, boolean dropDependents) {
        String quoted = Identifiers.quote(schema).replace("%", "%%");
        String message = dropDependents
                ? "restore-worker: dropping schema " + quoted + " would destroy data of other schemas that no"
                + " restore of it brings back, so it is refused even with force: %; convert or drop them first"
                : "restore-worker: objects in other schemas depend on " + quoted + " and would be dropped: %"
                + " (send force=true to re-create them after the restore)";
        return "DO $restore_worker$ DECLARE listed text; BEGIN\n"
                + "  SELECT pg_catalog.string_agg(schema_name || '.' || name || ' (' || kind || ')', ', '"
                + " ORDER BY ord) INTO listed FROM pg_temp.restore_worker_dependents"
                + (dropDependents ? " WHERE irreplaceable" : "") + ";\n"
                + "  IF listed IS NOT NULL THEN RAISE EXCEPTION " + literal(message) + ", listed; END IF;\n"
                + "END $restore_worker$;\n";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String resource(String name) {
        try (InputStream in = OutsideDependents.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
