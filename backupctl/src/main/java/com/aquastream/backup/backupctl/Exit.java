package com.aquastream.backup.backupctl;

/** The exit codes scripts rely on; every command documents which it uses. */
final class Exit {

    /** Done: published, all schemas ✓, or the restore completed / verified. */
    static final int OK = 0;
    /** Something went wrong that is not one of the outcomes below (Kafka or the catalog unreachable, a ✗). */
    static final int ERROR = 1;
    /** The restore-worker answered {@code restore.failed}. */
    static final int RESTORE_FAILED = 2;
    /** The restore-worker answered {@code restore.rejected}. */
    static final int RESTORE_REJECTED = 3;
    /** No answer within the wait. */
    static final int TIMEOUT = 4;
    /** Bad arguments or missing configuration the operator must supply (EX_USAGE). */
    static final int USAGE = 64;

    private Exit() {
    }
}
