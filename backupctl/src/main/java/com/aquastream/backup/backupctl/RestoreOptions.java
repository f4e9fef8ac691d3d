package com.aquastream.backup.backupctl;

import java.util.UUID;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code restore} and {@code verify} share: which archive, how to wait for the answer and how to print it. */
final class RestoreOptions {

    @Parameters(index = "0", paramLabel = "SCHEMA")
    String schema;

    @Parameters(index = "1", paramLabel = "KEY|latest",
            description = "the archive's object key, or latest: the schema's newest backup")
    String key;

    @Option(names = "--database", paramLabel = "DB", description = "default: $BACKUP_DATABASE, else aquastream")
    String database;

    @Option(names = "--sha256", paramLabel = "HEX", description = "bind the command to the archive's SHA-256")
    String sha256;

    @Option(names = "--as-of", paramLabel = "TIME", description = "with latest: the newest backup at or before TIME")
    String asOf;

    @Option(names = "--backup-id", paramLabel = "ID", description = "with latest: the backup with this id")
    UUID backupId;

    @Option(names = "--batch", paramLabel = "ID", description = "group this command with others (a restore-all)")
    UUID batchId;

    /** Waiting for the answer and printing it: the same for {@code pitr}. */
    @Mixin
    AnswerOptions answer;
}
