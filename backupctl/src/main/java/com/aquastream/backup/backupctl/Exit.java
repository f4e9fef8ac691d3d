package com.aquastream.backup.backupctl;

/** The exit codes scripts rely on; every command documents which it uses. */
final class Exit {

    /** Done: published, all schemas ✓, or the restore completed / verified. */
    static final int OK = 0;
    /** Something went wrong that is not one of the outcomes below (a ✗, a refused publish, a malformed answer). */
    static final int ERROR = 1;
    /** The restore-worker answered {@code restore.failed} (or the wal-archiver {@code basebackup.failed}). */
    static final int RESTORE_FAILED = 2;
    /** The restore-worker answered {@code restore.rejected}. */
    static final int RESTORE_REJECTED = 3;
    /** No answer within the wait. */
    static final int TIMEOUT = 4;
    /**
     * A service the command needs did not answer: no Kafka broker within {@code --kafka-timeout}, the catalog
     * unreachable or refusing the request (EX_UNAVAILABLE, as bin/request-restore-all has always used it).
     */
    static final int UNAVAILABLE = 69;
    /** Bad arguments or missing configuration the operator must supply (EX_USAGE). */
    static final int USAGE = 64;

    private Exit() {
    }
}
