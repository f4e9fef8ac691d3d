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

    @Option(names = "--no-wait", description = "send the command and exit without waiting for the answer")
    boolean noWait;

    @Option(names = "--print", description = "print the signed command as JSON and exit; sends nothing")
    boolean print;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "how long to wait for the answer; default $RESTORE_WAIT_SECONDS, else 7200")
    Long timeoutSeconds;

    @Option(names = "--json", description = "print the outcome as JSON")
    boolean json;

    @Option(names = "--show-event", description = "also print the answer itself, as the contract's JSON")
    boolean showEvent;

    @Mixin
    KafkaOptions kafka;
}
