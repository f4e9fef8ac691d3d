package com.aquastream.backup.events;

/**
 * An object of another schema that a forced restore dropped with the replaced schema ({@code DROP SCHEMA …
 * CASCADE}: a foreign key into it, a view or materialized view over it, a column default, index, trigger or
 * function using it), and what became of it: the restore re-creates each one in its own transaction, after the
 * row-count checks, and reports those that could not be re-created instead of failing.
 *
 * @param schema     the object's schema
 * @param name       its name in that schema; for an object of a table (constraint, trigger, default) with the table
 *                   ({@code members_account_id_fkey on members}, {@code members.note})
 * @param kind       what it is ({@code foreign key}, {@code view}, {@code materialized view}, {@code column default},
 *                   {@code index}, {@code trigger}, {@code function}, …)
 * @param status     {@link #RECREATED} or {@link #LOST}; consumers must accept values added later
 * @param reason     for a LOST object PostgreSQL's reason (e.g. the foreign key's violating key); for a RECREATED
 *                   one a note where it differs from before (a materialized view re-created WITH NO DATA), else
 *                   absent
 * @param definition the SQL that re-creates it (as PostgreSQL printed it before the drop), so an operator can
 *                   re-create a LOST object once its reason is dealt with
 */
public record DependentObject(String schema, String name, String kind, String status, String reason,
                              String definition) {

    /** Re-created in the restore's transaction, committed with it. */
    public static final String RECREATED = "RECREATED";

    /** Dropped with the schema and not re-created; {@code reason} says why. */
    public static final String LOST = "LOST";

    public boolean recreated() {
        return RECREATED.equals(status);
    }
}
