package com.aquastream.backup.backupctl;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.RestoreCompleted;
import com.aquastream.backup.events.RestoreEvent;
import com.aquastream.backup.events.RestoreFailed;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRejected;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.RestoreVerified;
import com.aquastream.backup.events.TableCheck;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One signed restore command, sent and answered: the flow {@code restore} and {@code verify} share. Signs with
 * {@link RestoreSignatures} (the key from the environment or {@code .run/}, never from the command line), listens for
 * the answer before the command goes out, and while it waits prints each step the restore-worker reports.
 */
final class RestoreRun {

    static final String LATEST = "latest";
    private static final Duration STEP_POLL = Duration.ofSeconds(1);

    private final Context context;
    private final RestoreOptions options;
    private final AnswerOptions answering;
    private final PrintWriter out;

    RestoreRun(Context context, RestoreOptions options, PrintWriter out) {
        this(context, options, options.answer, out);
    }

    /** A run of a command built elsewhere ({@link #send}): {@code pitr}'s. */
    RestoreRun(Context context, AnswerOptions answering, PrintWriter out) {
        this(context, null, answering, out);
    }

    private RestoreRun(Context context, RestoreOptions options, AnswerOptions answering, PrintWriter out) {
        this.context = context;
        this.options = options;
        this.answering = answering;
        this.out = out;
    }

    /**
     * Sends the command and, unless {@code --no-wait}, waits for its answer.
     *
     * @param target the database to restore into; {@code null}: the source
     * @return the exit code: the answer's ({@link #exitCodeOf}), {@link Exit#TIMEOUT} without one
     */
    int run(RestoreMode mode, boolean safetyBackup, boolean force, String target) {
        return send(command(mode, safetyBackup, force, target));
    }

    /**
     * Signs {@code command}, sends it and, unless {@code --no-wait}, waits for its answer.
     *
     * @return the exit code: the answer's ({@link #exitCodeOf}), {@link Exit#TIMEOUT} without one
     */
    int send(RestoreRequested command) {
        if (answering.timeoutSeconds != null && answering.timeoutSeconds < 1) {
            throw BackupctlException.usage("--timeout wants a positive number of seconds");
        }
        RestoreSignatures signatures = new RestoreSignatures(context.settings().restoreSigningKey());
        RestoreRequested signed = signatures.signed(command);
        if (answering.print) {
            out.println(new String(new EventCodec().encode(signed), StandardCharsets.UTF_8));
            out.flush();
            return Exit.OK;
        }
        Duration timeout = answering.timeoutSeconds != null ? Duration.ofSeconds(answering.timeoutSeconds)
                : context.settings().restoreWait();

        try (Bus bus = context.bus().apply(answering.kafka.timeout(context.settings()))) {
            if (answering.noWait) {
                bus.publish(signed);
                printRequested(signed, "not waiting");
                return Exit.OK;
            }
            try (Bus.RestoreAnswers answers = bus.listenForRestoreAnswers()) {
                bus.publish(signed);
                if (!answering.json) {
                    printRequested(signed, "waiting...");
                }
                Optional<RestoreEvent> answer;
                try (StepWatch ignored = answering.json ? null : new StepWatch(signed.restoreId())) {
                    answer = answers.await(signed.restoreId(), timeout);
                }
                if (answer.isEmpty()) {
                    printTimeout(signed, timeout);
                    return Exit.TIMEOUT;
                }
                printAnswer(answer.get());
                return exitCodeOf(answer.get());
            }
        }
    }

    /** The unsigned command the arguments describe; a usage error for anything the worker would refuse anyway. */
    RestoreRequested command(RestoreMode mode, boolean safetyBackup, boolean force, String target) {
        String db = Names.identifier("database", options.database != null ? options.database
                : context.settings().database());
        String schemaName = Names.identifier("schema", options.schema);
        String targetDb = Names.identifier("target database", target != null ? target : db);
        String archiveKey = LATEST.equals(options.key) ? null : Names.key(options.key);
        Instant asOfTime = options.asOf == null ? null : parseInstant(options.asOf);
        if (archiveKey != null && (asOfTime != null || options.backupId != null)) {
            throw BackupctlException.usage("--as-of and --backup-id go with the key 'latest'");
        }
        if (options.answer.timeoutSeconds != null && options.answer.timeoutSeconds < 1) {
            throw BackupctlException.usage("--timeout wants a positive number of seconds");
        }
        String checksum = options.sha256 == null ? null : Names.sha256(options.sha256);
        String requestedBy = Names.requester(context.settings().user(), context.settings().host());
        return new RestoreRequested(UUID.randomUUID(), context.clock().instant().truncatedTo(ChronoUnit.SECONDS),
                db, schemaName, UUID.randomUUID(), options.backupId, archiveKey, targetDb, mode, safetyBackup,
                requestedBy, null, force ? Boolean.TRUE : null, asOfTime, options.batchId, checksum);
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
        if (answer instanceof RestoreCompleted c && isRecovery(c)) {
            text.append(" point-in-time recovery in ").append(seconds(c.durationMs()));
            appendChecks(text, c.checks());
            text.append("\n  recovered to: ").append(c.recoveredTo() == null ? "no transaction replayed"
                    : c.recoveredTo().toString());
            text.append("\n  end of archive: ").append(Boolean.TRUE.equals(c.endOfArchive())
                    ? "true (the archive ended before the requested time: everything archived was replayed)"
                    : "false");
            if (c.dataDirectory() != null) {
                text.append("\n  data directory: ").append(c.dataDirectory());
            }
            if (c.nextSteps() != null) {
                text.append("\n  next steps: ").append(c.nextSteps());
            }
        } else if (answer instanceof RestoreCompleted c) {
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

    /** A point-in-time recovery's answer: it tells what it reached, and names no archive. */
    static boolean isRecovery(RestoreCompleted c) {
        return c.recoveredTo() != null || c.endOfArchive() != null || c.dataDirectory() != null
                || c.nextSteps() != null || c.key() == null;
    }

    /** A step the worker reports: {@code restore <id>: RESTORING (running 40 s, archive 201 MB verified)}. */
    static String describeStep(RestoreWorker.RunningRestore running) {
        return "restore " + running.restoreId() + ": " + running.step() + " (running " + running.runningSeconds()
                + " s" + (running.archiveBytes() > 0 ? ", archive " + running.archiveBytes() / (1024 * 1024)
                + " MB verified" : "") + ")";
    }

    private static void appendChecks(StringBuilder text, List<TableCheck> checks) {
        if (checks == null || checks.isEmpty()) {
            return; // a whole-cluster recovery checks no tables: nothing to say
        }
        long mismatched = checks.stream().filter(c -> !c.matches()).count();
        text.append("; ").append(checks.size()).append(checks.size() == 1 ? " table" : " tables").append(" checked")
                .append(mismatched == 0 ? ", all rows as recorded" : ", " + mismatched + " NOT as recorded");
        checks.stream().filter(c -> !c.matches()).forEach(c -> text.append("\n  ").append(c.table())
                .append(": expected ").append(c.expected()).append(" rows, found ").append(c.found()));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private void printRequested(RestoreRequested command, String then) {
        if (answering.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("restoreId", command.restoreId().toString());
            doc.put("outcome", "REQUESTED");
            doc.put("command", Json.event(command));
            out.println(Json.write(doc));
        } else if (command.mode() == RestoreMode.PITR) {
            boolean cluster = com.aquastream.backup.events.WalEvent.CLUSTER_SCHEMA.equals(command.schema());
            out.println("point-in-time recovery " + command.restoreId() + " of " + command.messageKey() + " to "
                    + command.asOf() + " requested (" + (cluster ? "into a new data directory, no database written"
                    : "safety backup: " + command.safetyBackupOrDefault()) + "); " + then);
        } else {
            out.println("restore " + command.restoreId() + " of " + command.messageKey() + " from "
                    + (command.key() != null ? command.key() : "the newest matching backup") + " requested ("
                    + command.mode() + ", safety backup: " + command.safetyBackupOrDefault() + "); " + then);
        }
        out.flush();
    }

    private void printTimeout(RestoreRequested command, Duration timeout) {
        if (answering.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("restoreId", command.restoreId().toString());
            doc.put("outcome", "TIMEOUT");
            out.println(Json.write(doc));
        } else {
            out.println("restore " + command.restoreId() + ": no answer within " + timeout.toSeconds() + " s");
        }
        out.flush();
    }

    private void printAnswer(RestoreEvent answer) {
        if (answering.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("restoreId", String.valueOf(KafkaBus.restoreIdOf(answer)));
            doc.put("outcome", outcomeOf(answer));
            doc.put("topic", answer.topic());
            doc.put("event", Json.event(answer));
            out.println(Json.write(doc));
        } else {
            if (answering.showEvent) {
                out.println(new String(new EventCodec().encode(answer), StandardCharsets.UTF_8));
            }
            out.println(describe(answer));
            out.println("restore " + KafkaBus.restoreIdOf(answer) + ": "
                    + (exitCodeOf(answer) == Exit.OK ? "done" : "NOT done"));
        }
        out.flush();
    }

    private static Instant parseInstant(String text) {
        String usage = "--as-of wants an ISO-8601 UTC time like 2025-08-18T02:00:00Z: " + text;
        if (!text.endsWith("Z")) {
            throw BackupctlException.usage(usage);
        }
        // 2025-08-18T02:00Z, as bin/request-restore took it: the seconds are implied.
        String withSeconds = text.matches(".*T\\d{2}:\\d{2}Z") ? text.substring(0, text.length() - 1) + ":00Z" : text;
        try {
            return Instant.parse(withSeconds);
        } catch (DateTimeParseException e) {
            throw BackupctlException.usage(usage);
        }
    }

    /**
     * Asks the restore-worker, once a second in the background, which step the restore is in, and prints each new
     * one. Silent when the worker cannot be asked.
     */
    private final class StepWatch implements AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "restore-steps");
            thread.setDaemon(true);
            return thread;
        });
        private final AtomicReference<String> lastStep = new AtomicReference<>();

        StepWatch(UUID restoreId) {
            RestoreWorker worker = context.restoreWorker().get();
            timer.scheduleWithFixedDelay(() -> worker.running().stream()
                    .filter(r -> restoreId.equals(r.restoreId())).findFirst()
                    .filter(r -> !r.step().equals(lastStep.getAndSet(r.step())))
                    .ifPresent(r -> {
                        out.println(describeStep(r));
                        out.flush();
                    }), STEP_POLL.toMillis(), STEP_POLL.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
