package com.aquastream.backup.backupctl;

/** An expected failure: printed as one line, without a stack trace, and mapped to {@link #exitCode()}. */
final class BackupctlException extends RuntimeException {

    private final int exitCode;

    BackupctlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    BackupctlException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static BackupctlException usage(String message) {
        return new BackupctlException(Exit.USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
