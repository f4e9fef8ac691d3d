package com.aquastream.backup.restore.recovery;

import com.aquastream.backup.events.DependentObject;
import java.util.List;

/**
 * Replaces one schema of a database with an archive's state in one transaction: afterwards the schema is exactly
 * the archive's (a dropped schema recreated, newer objects gone, rows as recorded) or, on any error, exactly as
 * before.
 */
public interface SchemaReplacer {

    /**
     * Objects of other schemas that {@code DROP SCHEMA … CASCADE} would take with the schema: foreign keys into it,
     * views and materialized views over it (also over those, transitively), column defaults, indexes, triggers and
     * functions using its sequences, types or functions, and columns or tables of its types.
     */
    List<Dependent> dependentsOutside(String database, String schema) throws RestoreFailedException;

    /**
     * Restores {@code archive} into {@code database}, checking every recorded row count inside the transaction.
     *
     * <p>Inside the transaction, with the schema's relations locked so that nothing new can come to depend on them,
     * the objects of other schemas the drop would take are looked up again. Without {@code dropDependents} any of
     * them fails the restore; with it, each is recorded with its definition, and after the row-count checks
     * re-created in the same transaction (each in a savepoint of its own, retried in passes for objects that need
     * each other), or reported LOST with PostgreSQL's reason. Objects that hold data (a column of one of the
     * schema's types, a table or sequence) always fail it: dropping them would lose data no restore brings back.
     *
     * @return the objects of other schemas that were dropped, each RECREATED or LOST; empty when there were none
     * @throws RestoreFailedException when anything failed; the transaction was rolled back
     */
    List<DependentObject> replace(String database, String schema, VerifiedArchive archive, boolean dropDependents)
            throws RestoreFailedException;

    /** Whether the database exists and holds the schema; a missing database holds nothing. */
    boolean schemaExists(String database, String schema) throws RestoreFailedException;

    /** Creates the (allow-listed) target database if it does not exist yet: disaster recovery into a new server. */
    void createDatabaseIfMissing(String database) throws RestoreFailedException;

    /**
     * Restores {@code archive} into a database that does not hold the schema (disaster recovery: there is nothing
     * to keep, so no safety backup), with parallel jobs when configured. Every recorded row count is checked; on any
     * error the schema is absent again, as before.
     */
    void restoreAbsent(String database, String schema, VerifiedArchive archive) throws RestoreFailedException;

    /**
     * Drops what a restore of the schema left unfinished in {@code database} when its worker died (a parallel
     * restore commits as it goes, so it can leave a partial schema), so the command's next delivery starts from the
     * state before that restore; waits for such a restore still running elsewhere. Returns whether anything was
     * dropped; a missing database holds nothing.
     */
    boolean discardUnfinishedRestore(String database, String schema) throws RestoreFailedException;

    /**
     * An object of another schema that depends on the schema, so a replace would drop it.
     *
     * @param name          its name in {@code schema} (for a part of a table, with the table: {@code fk on members})
     * @param kind          {@code foreign key}, {@code view}, {@code column}, …
     * @param holdsData     dropping it loses data that no restore of the schema brings back (a column of one of the
     *                      schema's types, a table, a sequence): no restore may drop it, forced or not
     */
    record Dependent(String schema, String name, String kind, boolean holdsData) {

        /** {@code crew.members_account_id_fkey on members (foreign key)}. */
        public String describe() {
            return schema + "." + name + " (" + kind + ")";
        }
    }

    /** A restore step failed; {@code getMessage()} is fit for operators. */
    class RestoreFailedException extends Exception {
        public RestoreFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
