package com.aquastream.backup.worker.backup;

/**
 * Mutual exclusion per (database, schema) across every worker instance, so two deliveries of one request never
 * dump concurrently. Waits while another holder runs; gives up when aborted.
 */
public interface SchemaLocks {

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** @throws SchemaLockException when the lock cannot be taken (database unreachable) or the wait was aborted */
    Held lock(String database, String schema, AbortSignal abort) throws SchemaLockException;

    class SchemaLockException extends Exception {
        public SchemaLockException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
