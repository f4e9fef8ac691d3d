package com.aquastream.backup.backupctl;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every command sending a signed restore shares ({@code restore}, {@code verify}, {@code pitr}): whether and how
 * long to wait for the restore-worker's answer, and how to print it.
 */
final class AnswerOptions {

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
