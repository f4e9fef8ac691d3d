package com.aquastream.backup.backupctl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code backupctl}: the operator's one command-line tool (issue 16, point 4). Each subcommand is one class; this
 * one only assembles them and maps failures to exit codes ({@link Exit}).
 */
@Command(name = "backupctl", mixinStandardHelpOptions = true, version = "backupctl 0.1.0",
        description = "Operates the backup platform: requests backups and signed restores over Kafka (as the "
                + "principal 'operator'), follows their events, and reads the catalog.",
        footer = {"", "Exit codes: 0 ok, 1 error (or a schema ✗), 2 restore (or base backup) failed, 3 restore rejected, "
                + "4 no answer in time, 64 usage, 69 Kafka or the catalog unavailable; restore-all and reconcile "
                + "keep their scripts' codes (their --help).",
                "Environment: KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLIENT_CONFIG, KAFKA_TIMEOUT_SECONDS, "
                        + "RESTORE_SIGNING_KEY, CATALOG_URL, CATALOG_API_TOKEN, BACKUP_DATABASE, RESTORE_WAIT_SECONDS, "
                        + "RESTORE_POLL_SECONDS, RESTORE_WORKER_URL, OFFSITE_REPLICATOR_JAR (backupctl/SERVICE.md)."})
public final class Backupctl implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true);
        System.exit(run(Context.fromEnvironment(), out, err, args));
    }

    /** Runs one command line and returns its exit code; never calls {@link System#exit}. */
    static int run(Context context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Backupctl())
                .addSubcommand(new BackupCommand(context))
                .addSubcommand(new RestoreCommand(context))
                .addSubcommand(new RestoreAllCommand(context))
                .addSubcommand(new VerifyCommand(context))
                .addSubcommand(new PitrCommand(context))
                .addSubcommand(new BaseBackupCommand(context))
                .addSubcommand(new ListCommand(context))
                .addSubcommand(new StatusCommand(context))
                .addSubcommand(new FollowCommand(context))
                .addSubcommand(new ReconcileCommand(context))
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler((e, arguments) -> {
                    err.println("backupctl: " + e.getMessage());
                    e.getCommandLine().usage(err);
                    return Exit.USAGE;
                })
                .setExecutionExceptionHandler((e, failed, parseResult) -> {
                    if (e instanceof BackupctlException expected) {
                        err.println("backupctl: " + expected.getMessage());
                        return expected.exitCode();
                    }
                    err.println("backupctl: unexpected failure: " + e);
                    e.printStackTrace(err);
                    return Exit.ERROR;
                });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Without a subcommand: the usage, as an error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Exit.USAGE;
    }
}
