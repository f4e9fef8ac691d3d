package com.aquastream.backup.restore.restore;

import java.util.List;

/**
 * Replaces one schema of a database with an archive's state in one transaction: afterwards the schema is exactly
 * the archive's (a dropped schema recreated, newer objects gone, rows as recorded) or, on any error, exactly as
 * before.
 */
public interface SchemaReplacer {

    /** Objects outside the schema that depend on it (they would be dropped with it), as readable descriptions. */
    List<String> dependentsOutside(String database, String schema) throws RestoreFailedException;

    /**
     * Restores {@code archive} into {@code database}, checking every recorded row count inside the transaction.
     *
     * @throws RestoreFailedException when anything failed; the transaction was rolled back
     */
    void replace(String database, String schema, VerifiedArchive archive) throws RestoreFailedException;

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

    /** A restore step failed; {@code getMessage()} is fit for operators. */
    class RestoreFailedException extends Exception {
        public RestoreFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
