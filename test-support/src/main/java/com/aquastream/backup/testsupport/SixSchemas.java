package com.aquastream.backup.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator manual's six schemas with data, for backup/restore tests. Each schema has a parent
 * table and one or two child tables referencing it, with text, timestamptz, numeric, jsonb and bytea
 * columns. Table {@code i} of a schema (0-based, in {@link #TABLES} order) holds {@code rowsPerTable + i}
 * rows, so a restore that mixes tables up shows in the counts.
 */
public final class SixSchemas {

    public static final List<String> NAMES = List.of("user", "event", "crew", "payment", "notification", "media");

    /** Tables per schema, parent first; each child's foreign key column refers to the parent's id. */
    public static final Map<String, List<String>> TABLES = Map.of(
            "user", List.of("accounts", "profiles", "sessions"),
            "event", List.of("events", "registrations"),
            "crew", List.of("crews", "members", "shifts"),
            "payment", List.of("invoices", "payments"),
            "notification", List.of("templates", "deliveries"),
            "media", List.of("albums", "files"));

    private SixSchemas() {
    }

    /** Creates the six schemas with their tables and fills table i of each with rowsPerTable + i rows. */
    public static void populate(TestDatabase db, int rowsPerTable) {
        if (rowsPerTable < 1) {
            throw new IllegalArgumentException("rowsPerTable must be at least 1, was " + rowsPerTable);
        }
        List<String> sql = new ArrayList<>();
        for (String schema : NAMES) {
            sql.addAll(schemaStatements(schema, rowsPerTable));
        }
        db.execute(sql.toArray(String[]::new));
    }

    /** Rows that {@link #populate} puts in the schema's tables: table name to count. */
    public static Map<String, Long> expectedRowCounts(String schema, int rowsPerTable) {
        List<String> tables = TABLES.get(schema);
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (int i = 0; i < tables.size(); i++) {
            counts.put(tables.get(i), (long) rowsPerTable + i);
        }
        return counts;
    }

    private static List<String> schemaStatements(String schema, int rowsPerTable) {
        // Always quoted: "user" is a reserved word.
        String s = quote(schema);
        List<String> tables = TABLES.get(schema);
        String parent = tables.get(0);
        String parentKey = singular(parent) + "_id";
        List<String> sql = new ArrayList<>();
        sql.add("create schema " + s);
        sql.add("create table " + s + "." + quote(parent) + " ("
                + "id bigint primary key, name text not null, created_at timestamptz not null, "
                + "amount numeric(12,2) not null, attributes jsonb not null, payload bytea)");
        sql.add("insert into " + s + "." + quote(parent)
                + " select g, '" + parent + " ' || g, timestamptz '2024-01-01 02:00:00+00' + g * interval '1 minute', "
                + "g * 1.25, jsonb_build_object('n', g, 'schema', '" + schema + "'), decode(md5(g::text), 'hex') "
                + "from generate_series(1, " + rowsPerTable + ") g");
        for (int i = 1; i < tables.size(); i++) {
            String child = quote(tables.get(i));
            int rows = rowsPerTable + i;
            sql.add("create table " + s + "." + child + " ("
                    + "id bigint primary key, " + parentKey + " bigint not null references " + s + "." + quote(parent) + "(id), "
                    + "note text, created_at timestamptz not null, amount numeric(12,2), details jsonb, content bytea)");
            sql.add("insert into " + s + "." + child
                    + " select g, (g - 1) % " + rowsPerTable + " + 1, 'row ' || g, now() - g * interval '1 hour', "
                    + "g / 3.0, jsonb_build_object('i', g, 'even', g % 2 = 0), convert_to(repeat('x', g % 17), 'UTF8') "
                    + "from generate_series(1, " + rows + ") g");
        }
        return sql;
    }

    private static String singular(String table) {
        return table.endsWith("s") ? table.substring(0, table.length() - 1) : table;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
