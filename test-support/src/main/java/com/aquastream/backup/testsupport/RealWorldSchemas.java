package com.aquastream.backup.testsupport;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two schemas shaped like an ordinary application database rather than like our own fixtures: every kind of name
 * PostgreSQL allows, and the dependencies that break naive per-schema tools.
 *
 * <ul>
 *   <li>Names that need quoting: mixed case ({@code "LoginHistory"}), spaces ({@code "audit log"}), a double quote
 *       ({@code "quote""d"}), dots ({@code "table.with.dots"}), non-ASCII ({@code "заказы"}), reserved words
 *       ({@code "order"}, a column {@code "select"}), for tables, partitions, a materialized view, a sequence, an enum
 *       type and columns.</li>
 *   <li>A partitioned table with two partitions, a populated materialized view, an enum, a sequence default.</li>
 *   <li>Cross-schema dependencies in both directions: {@code crew.members.account_id → "user".accounts} (the
 *       manual's {@code crew → user}, constraint {@code members_account_id_fkey}) and
 *       {@code "user".accounts.home_crew_id → crew.crews}; a {@code crew} column of the {@code "user"} enum type; a
 *       {@code crew} view over {@code "user".accounts}.</li>
 *   <li>NULLs, non-ASCII text and incompressible bytes ({@code "user".blobs}: random bytes, 256 KiB a row).</li>
 * </ul>
 * {@link #expectedRowCounts(String)} is what a backup must record: every table, partition and populated
 * materialized view, by unqualified name (a partitioned parent holds no rows of its own and is not listed).
 */
public final class RealWorldSchemas {

    /** The schemas, referenced one by the other: a drill or a restore of either needs the other's objects. */
    public static final List<String> NAMES = List.of("user", "crew");

    /** Rows of random bytes in {@code "user".blobs}, each {@link #BLOB_BYTES} long. */
    public static final int BLOBS = 8;
    public static final int BLOB_BYTES = 256 * 1024;

    private static final Map<String, Map<String, Long>> COUNTS = Map.of(
            "user", new TreeMap<>(Map.of(
                    "accounts", 5L,
                    "LoginHistory_2025", 3L,
                    "login history 2026", 2L,
                    "audit log", 4L,
                    "table.with.dots", 1L,
                    "заказы", 3L,
                    "order", 2L,
                    "blobs", (long) BLOBS,
                    "Active Accounts", 3L)),
            "crew", new TreeMap<>(Map.of(
                    "crews", 2L,
                    "members", 4L,
                    "Quote\"d Shifts", 3L)));

    private RealWorldSchemas() {
    }

    /** Creates both schemas with their objects and rows in {@code db}. */
    public static void create(TestDatabase db) {
        db.execute(statements().toArray(String[]::new));
    }

    /** Relation (unqualified) to rows, sorted: what a backup of the schema records and a restore must find. */
    public static Map<String, Long> expectedRowCounts(String schema) {
        Map<String, Long> counts = COUNTS.get(schema);
        if (counts == null) {
            throw new IllegalArgumentException("not a schema of this fixture: " + schema);
        }
        return new TreeMap<>(counts);
    }

    /** The SQL that {@link #create} runs, in order (both schemas: they reference each other). */
    public static List<String> statements() {
        return List.of(
                "create schema \"user\"",
                "create schema crew",
                "create type \"user\".\"Account Status\" as enum ('active', 'locked', 'gelöscht')",
                "create sequence \"user\".\"Invoice Seq\" start 1000",
                "create table crew.crews (id bigint primary key, name text not null)",
                "insert into crew.crews values (1, 'Alpha'), (2, 'Команда Б')",
                """
                create table "user".accounts (
                    id bigint primary key,
                    email text not null unique,
                    "Display Name" text,
                    status "user"."Account Status" not null default 'active',
                    home_crew_id bigint references crew.crews(id),
                    invoice_no bigint not null default nextval('"user"."Invoice Seq"'))""",
                """
                insert into "user".accounts (id, email, "Display Name", status, home_crew_id) values
                    (1, 'ann@example.org', 'Ann', 'active', 1),
                    (2, 'bob@example.org', null, 'locked', null),
                    (3, 'jörg@example.org', 'Jörg Müller', 'active', 2),
                    (4, 'li@example.org', '李 小龍', 'gelöscht', null),
                    (5, 'eve@example.org', 'Eve "the quote" O''Neil', 'active', 1)""",
                """
                create table "user"."LoginHistory" (
                    account_id bigint not null references "user".accounts(id),
                    at timestamptz not null,
                    "IP" inet) partition by range (at)""",
                """
                create table "user"."LoginHistory_2025" partition of "user"."LoginHistory"
                    for values from ('2025-01-01') to ('2026-01-01')""",
                """
                create table "user"."login history 2026" partition of "user"."LoginHistory"
                    for values from ('2026-01-01') to ('2027-01-01')""",
                """
                insert into "user"."LoginHistory" values
                    (1, '2025-03-01T10:00:00Z', '10.0.0.1'), (2, '2025-06-01T10:00:00Z', null),
                    (3, '2025-12-31T23:59:59Z', '::1'), (1, '2026-01-01T00:00:00Z', '10.0.0.2'),
                    (5, '2026-07-01T12:00:00Z', null)""",
                """
                create table "user"."audit log" (
                    id bigserial primary key, "select" text, "Mixed Col" jsonb, "quote""d" text)""",
                """
                insert into "user"."audit log" ("select", "Mixed Col", "quote""d") values
                    ('login', '{"ok": true}', null), (null, null, 'a "quoted" value'),
                    ('drop table x; --', '{"k": "значение"}', ''), ('\\! rm -rf /', 'null', E'line\\nbreak')""",
                "create table \"user\".\"table.with.dots\" (v text)",
                "insert into \"user\".\"table.with.dots\" values ('a.b.c')",
                "create table \"user\".\"заказы\" (номер int primary key, товар text)",
                "insert into \"user\".\"заказы\" values (1, 'чай'), (2, '🍵 matcha'), (3, null)",
                "create table \"user\".\"order\" (\"user\" bigint references \"user\".accounts(id), \"limit\" int)",
                "insert into \"user\".\"order\" values (1, 10), (3, null)",
                "create table \"user\".blobs (id int primary key, data bytea not null)",
                // Random bytes (UUID v4 is 122 random bits in 16 bytes): nothing for gzip to squeeze.
                "insert into \"user\".blobs select i, (select decode(string_agg(replace(gen_random_uuid()::text, '-', ''),"
                        + " ''), 'hex') from generate_series(1, " + BLOB_BYTES / 16 + ") where i > 0)"
                        + " from generate_series(1, " + BLOBS + ") i",
                """
                create materialized view "user"."Active Accounts" as
                    select id, email from "user".accounts where status = 'active'""",
                """
                create table crew.members (
                    id bigint primary key,
                    account_id bigint not null,
                    crew_id bigint not null references crew.crews(id),
                    role "user"."Account Status",
                    constraint members_account_id_fkey foreign key (account_id) references "user".accounts(id))""",
                "insert into crew.members values (1, 1, 1, 'active'), (2, 3, 1, null), (3, 5, 2, 'locked'),"
                        + " (4, 1, 2, 'active')",
                "create table crew.\"Quote\"\"d Shifts\" (member_id bigint references crew.members(id), \"from\" date)",
                "insert into crew.\"Quote\"\"d Shifts\" values (1, '2025-08-18'), (2, null), (4, '2026-01-01')",
                """
                create view crew."Member View" as
                    select m.id, a.email from crew.members m join "user".accounts a on a.id = m.account_id""");
    }
}
