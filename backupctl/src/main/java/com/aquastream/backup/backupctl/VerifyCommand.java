package com.aquastream.backup.backupctl;

import com.aquastream.backup.events.RestoreMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code backupctl verify SCHEMA KEY|latest}: the manual's restore test. The same signed command as
 * {@code restore --verify} ({@link RestoreRun}), mode VERIFY: the restore-worker restores the archive into a scratch
 * database, compares every table's rows with the counts recorded at backup time, drops the scratch database and
 * answers {@code restore.verified}. Nothing is replaced, so no safety backup is asked for.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Restore test: restores the archive into a scratch database, compares row counts with the "
                + "backup's, and waits for the answer (restore.verified).",
        footer = {"", "Exit codes: 0 verified (or sent, with --no-wait or --print), 2 failed, 3 rejected, "
                + "4 no answer within --timeout, 64 usage, 69 no Kafka broker within "
                + "--kafka-timeout, 1 other errors.",
                "The signing key is RESTORE_SIGNING_KEY, else .run/restore-signing-key."})
final class VerifyCommand implements Callable<Integer> {

    private final Context context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RestoreOptions options;

    VerifyCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return new RestoreRun(context, options, spec.commandLine().getOut()).run(RestoreMode.VERIFY, false, false,
                null);
    }
}
