package com.aquastream.backup.backupctl;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.RestoreMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backupctl restore SCHEMA KEY|latest}: the manual's {@code make restore}. Publishes a {@code restore.requested}
 * signed with {@link RestoreSignatures} and, unless {@code --no-wait}, waits for the restore-worker's answer
 * ({@link RestoreRun}).
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Requests a signed restore (or, with --verify, a restore test) and waits for the answer, "
                + "printing each step the restore-worker reports ($RESTORE_WORKER_URL/actuator/restores).",
        footer = {"", "Exit codes: 0 completed/verified (or sent, with --no-wait or --print), 2 failed, 3 rejected, "
                + "4 no answer within --timeout, 64 usage, 69 no Kafka broker within --kafka-timeout, "
                + "1 other errors.",
                "The signing key is RESTORE_SIGNING_KEY, else .run/restore-signing-key."})
final class RestoreCommand implements Callable<Integer> {

    private final Context context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RestoreOptions options;

    @Option(names = "--verify", description = "restore into a scratch database and compare row counts "
            + "(the same as the verify command)")
    private boolean verify;

    @Option(names = "--no-safety-backup", description = "skip the PRE_RESTORE backup of the target schema")
    private boolean noSafetyBackup;

    @Option(names = "--force", description = "restore even if objects in other schemas depend on the schema")
    private boolean force;

    @Option(names = "--target", paramLabel = "DB", description = "restore into DB instead of the source database")
    private String target;

    RestoreCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return new RestoreRun(context, options, spec.commandLine().getOut())
                .run(verify ? RestoreMode.VERIFY : RestoreMode.RESTORE, !noSafetyBackup, force, target);
    }
}
