package com.aquastream.backup.backupctl;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreEvent;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.TableCheck;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backupctl restore SCHEMA KEY|latest}: the manual's {@code make restore}. Publishes a {@code restore.requested}
 * signed with {@link RestoreSignatures} (the key from the environment or {@code .run/}, never from the command line)
 * and, unless {@code --no-wait}, waits for the restore-worker's answer, listening before the command goes out.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Requests a signed restore (or, with --verify, a restore test) and waits for the answer.",
        footer = {"", "Exit codes: 0 completed/verified (or sent, with --no-wait), 2 failed, 3 rejected, "
                + "4 no answer within --timeout, 64 usage, 1 other errors.",
                "The signing key is RESTORE_SIGNING_KEY, else .run/restore-signing-key."})
final class RestoreCommand implements Callable<Integer> {

    static final String LATEST = "latest";

    private final Context context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCHEMA")
    private String schema;

    @Parameters(index = "1", paramLabel = "KEY|latest",
            description = "the archive's object key, or latest: the schema's newest backup")
    private String key;

    @Option(names = "--database", paramLabel = "DB", description = "default: $BACKUP_DATABASE, else aquastream")
    private String database;

    @Option(names = "--verify", description = "restore into a scratch database and compare row counts")
    private boolean verify;

    @Option(names = "--no-safety-backup", description = "skip the PRE_RESTORE backup of the target schema")
    private boolean noSafetyBackup;

    @Option(names = "--force", description = "restore even if objects in other schemas depend on the schema")
    private boolean force;

    @Option(names = "--target", paramLabel = "DB", description = "restore into DB instead of the source database")
    private String target;

    @Option(names = "--sha256", paramLabel = "HEX", description = "bind the command to the archive's SHA-256")
    private String sha256;

    @Option(names = "--as-of", paramLabel = "TIME", description = "with latest: the newest backup at or before TIME")
    private String asOf;

    @Option(names = "--backup-id", paramLabel = "ID", description = "with latest: the backup with this id")
    private UUID backupId;

    @Option(names = "--batch", paramLabel = "ID", description = "group this command with others (a restore-all)")
    private UUID batchId;

    @Option(names = "--no-wait", description = "send the command and exit without waiting for the answer")
    private boolean noWait;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "how long to wait for the answer; default $RESTORE_WAIT_SECONDS, else 7200")
    private Long timeoutSeconds;

    @Option(names = "--json", description = "print the outcome as JSON")
    private boolean json;

    RestoreCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        RestoreRequested command = command();
        RestoreSignatures signatures = new RestoreSignatures(context.settings().restoreSigningKey());
        RestoreRequested signed = signatures.signed(command);
        Duration timeout = timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds)
                : context.settings().restoreWait();
        PrintWriter out = spec.commandLine().getOut();

        try (Bus bus = context.bus().get()) {
            if (noWait) {
                bus.publish(signed);
                printRequested(out, signed, "not waiting");
                return Exit.OK;
            }
            try (Bus.RestoreAnswers answers = bus.listenForRestoreAnswers()) {
                bus.publish(signed);
                if (!json) {
                    printRequested(out, signed, "waiting...");
                }
                Optional<RestoreEvent> answer = answers.await(signed.restoreId(), timeout);
                if (answer.isEmpty()) {
                    printTimeout(out, signed, timeout);
                    return Exit.TIMEOUT;
                }
                printAnswer(out, answer.get());
                return exitCodeOf(answer.get());
            }
        }
    }

    /** The unsigned command the arguments describe; a usage error for anything the worker would refuse anyway. */
    RestoreRequested command() {
        String db = Names.identifier("database", database != null ? database : context.settings().database());
        String schemaName = Names.identifier("schema", schema);
        String targetDb = Names.identifier("target database", target != null ? target : db);
        String archiveKey = LATEST.equals(key) ? null : Names.key(key);
        Instant asOfTime = asOf == null ? null : parseInstant(asOf);
        if (archiveKey != null && (asOfTime != null || backupId != null)) {
            throw BackupctlException.usage("--as-of and --backup-id go with the key 'latest'");
        }
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            throw BackupctlException.usage("--timeout wants a positive number of seconds");
        }
        String checksum = sha256 == null ? null : Names.sha256(sha256);
        String requestedBy = Names.requester(context.settings().user(), context.settings().host());
        return new RestoreRequested(UUID.randomUUID(), context.clock().instant().truncatedTo(ChronoUnit.SECONDS),
                db, schemaName, UUID.randomUUID(), backupId, archiveKey, targetDb,
                verify ? RestoreMode.VERIFY : RestoreMode.RESTORE, !noSafetyBackup, requestedBy, null,
                force ? Boolean.TRUE : null, asOfTime, batchId, checksum);
    }

    static int exitCodeOf(RestoreEvent answer) {
        if (answer instanceof RestoreCompleted || answer instanceof RestoreVerified) {
            return Exit.OK;
        } else if (answer instanceof RestoreRejected) {
            return Exit.RESTORE_REJECTED;
        }
        return Exit.RESTORE_FAILED;
    }

    static String outcomeOf(RestoreEvent answer) {
        if (answer instanceof RestoreCompleted) {
            return "COMPLETED";
        } else if (answer instanceof RestoreVerified) {
            return "VERIFIED";
        } else if (answer instanceof RestoreRejected) {
            return "REJECTED";
        } else if (answer instanceof RestoreFailed) {
            return "FAILED";
        }
        return answer.getClass().getSimpleName();
    }

    /** One line per fact, the outcome first: {@code restore <id> of db.schema: COMPLETED ...}. */
    static String describe(RestoreEvent answer) {
        String head = "restore " + KafkaBus.restoreIdOf(answer) + " of " + answer.messageKey() + ": "
                + outcomeOf(answer);
        StringBuilder text = new StringBuilder(head);
        if (answer instanceof RestoreCompleted c) {
            text.append(" from ").append(c.key()).append(" in ").append(seconds(c.durationMs()));
            appendChecks(text, c.checks());
            if (c.dependents() != null) {
                c.dependents().forEach(d -> text.append("\n  ").append(d.status()).append(' ').append(d.kind())
                        .append(' ').append(d.schema()).append('.').append(d.name())
                        .append(d.reason() == null ? "" : ": " + d.reason()));
            }
        } else if (answer instanceof RestoreVerified v) {
            text.append(" from ").append(v.key()).append(" in ").append(seconds(v.durationMs()));
            appendChecks(text, v.checks());
        } else if (answer instanceof RestoreFailed f) {
            text.append(": ").append(f.reason());
        } else if (answer instanceof RestoreRejected r) {
            text.append(r.code() == null ? "" : " [" + r.code() + "]").append(": ").append(r.reason());
        }
        return text.toString();
    }

    private static void appendChecks(StringBuilder text, List<TableCheck> checks) {
        if (checks == null) {
            return;
        }
        long mismatched = checks.stream().filter(c -> !c.matches()).count();
        text.append("; ").append(checks.size()).append(checks.size() == 1 ? " table" : " tables").append(" checked")
                .append(mismatched == 0 ? ", all rows as recorded" : ", " + mismatched + " NOT as recorded");
        checks.stream().filter(c -> !c.matches()).forEach(c -> text.append("\n  ").append(c.table())
                .append(": expected ").append(c.expected()).append(" rows, found ").append(c.found()));
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private void printRequested(PrintWriter out, RestoreRequested command, String then) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("restoreId", command.restoreId().toString());
            doc.put("outcome", "REQUESTED");
            doc.put("command", Json.event(command));
            out.println(Json.write(doc));
        } else {
            out.println("restore " + command.restoreId() + " of " + command.messageKey() + " from "
                    + (command.key() != null ? command.key() : "the newest matching backup") + " requested ("
                    + command.mode() + ", safety backup: " + command.safetyBackupOrDefault() + "); " + then);
        }
        out.flush();
    }

    private void printTimeout(PrintWriter out, RestoreRequested command, Duration timeout) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("restoreId", command.restoreId().toString());
            doc.put("outcome", "TIMEOUT");
            out.println(Json.write(doc));
        } else {
            out.println("restore " + command.restoreId() + ": no answer within " + timeout.toSeconds() + " s");
        }
        out.flush();
    }

    private void printAnswer(PrintWriter out, RestoreEvent answer) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("restoreId", String.valueOf(KafkaBus.restoreIdOf(answer)));
            doc.put("outcome", outcomeOf(answer));
            doc.put("topic", answer.topic());
            doc.put("event", Json.event(answer));
            out.println(Json.write(doc));
        } else {
            out.println(describe(answer));
        }
        out.flush();
    }

    private static Instant parseInstant(String text) {
        if (!text.endsWith("Z")) {
            throw BackupctlException.usage("--as-of wants an ISO-8601 UTC time like 2025-08-18T02:00:00Z: " + text);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw BackupctlException.usage("--as-of wants an ISO-8601 UTC time like 2025-08-18T02:00:00Z: " + text);
        }
    }
}
