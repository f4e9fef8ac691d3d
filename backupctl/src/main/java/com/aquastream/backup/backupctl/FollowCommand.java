package com.aquastream.backup.backupctl;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.RestoreEvent;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.StoredObject;
import com.aquastream.backup.events.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backupctl follow}: the backup and restore events as they happen, one line each, and a progress bar
 * ({@link ProgressBoard}) for every backup and restore that is running, its restore steps asked from the
 * restore-worker's {@code /actuator/restores} every two seconds. Reads as {@code operator} in a fresh consumer group
 * {@code operator-backupctl-<uuid>}, from the end unless {@code --from-beginning}; runs until Ctrl-C, or until
 * {@code --max-events} or {@code --timeout} says stop.
 */
@Command(name = "follow", mixinStandardHelpOptions = true,
        description = "Prints backup and restore events as they happen, with a progress bar for running backups and "
                + "restores, until Ctrl-C (or --max-events / --timeout).",
        footer = {"", "Exit codes: 0 stopped by --max-events, or by --timeout without --max-events; 4 --timeout "
                + "came before --max-events events; 64 usage; 69 no Kafka broker within --kafka-timeout; "
                + "130 Ctrl-C.",
                "Restore steps come from RESTORE_WORKER_URL (default http://127.0.0.1:8082), when it exposes "
                        + "/actuator/restores."})
final class FollowCommand implements Callable<Integer> {

    static final List<String> TOPICS = List.of(Topics.BACKUP_REQUESTED, Topics.BACKUP_COMPLETED,
            Topics.BACKUP_FAILED, Topics.RESTORE_REQUESTED, Topics.RESTORE_COMPLETED, Topics.RESTORE_VERIFIED,
            Topics.RESTORE_FAILED, Topics.RESTORE_REJECTED);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WORKER_POLL = Duration.ofSeconds(2);

    private final Context context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--schema", paramLabel = "S", description = "only events of this schema")
    private String schema;

    @Option(names = "--database", paramLabel = "DB", description = "only events of this database (default: all)")
    private String database;

    @Option(names = "--from-beginning", description = "start at the oldest event each topic keeps, not at the end")
    private boolean fromBeginning;

    @Option(names = "--max-events", paramLabel = "N", description = "stop after N events (progress lines not counted)")
    private Integer maxEvents;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "stop after SECONDS")
    private Long timeoutSeconds;

    @Option(names = "--no-progress", description = "print the events only, no progress bars")
    private boolean noProgress;

    @Option(names = "--json", description = "one JSON document per line: {\"topic\",\"event\"} or {\"progress\"}")
    private boolean json;

    @Mixin
    private KafkaOptions kafka;

    FollowCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String schemaFilter = schema == null ? null : Names.identifier("schema", schema);
        String databaseFilter = database == null ? null : Names.identifier("database", database);
        if (maxEvents != null && maxEvents < 1 || timeoutSeconds != null && timeoutSeconds < 1) {
            throw BackupctlException.usage("--max-events and --timeout want positive numbers");
        }
        PrintWriter out = spec.commandLine().getOut();
        ProgressBoard board = new ProgressBoard();
        RestoreWorker worker = context.restoreWorker().get();
        long deadline = timeoutSeconds == null ? Long.MAX_VALUE : System.nanoTime()
                + Duration.ofSeconds(timeoutSeconds).toNanos();
        int seen = 0;

        try (Bus bus = context.bus().apply(kafka.timeout(context.settings()));
             Bus.Events events = bus.subscribe(TOPICS, fromBeginning)) {
            spec.commandLine().getErr().println("following " + String.join(", ", TOPICS)
                    + (schemaFilter != null ? " of schema " + schemaFilter : "")
                    + (fromBeginning ? " from the beginning" : "") + " (Ctrl-C to stop)");
            long nextWorkerPoll = System.nanoTime();
            while (true) {
                for (Event event : events.poll(POLL)) {
                    if (!matches(event.database(), event.schema(), databaseFilter, schemaFilter)) {
                        continue;
                    }
                    printEvent(out, event);
                    if (!noProgress) {
                        board.on(event).ifPresent(job -> printProgress(out, job));
                    }
                    seen++;
                    if (maxEvents != null && seen >= maxEvents) {
                        return Exit.OK;
                    }
                }
                if (!noProgress && System.nanoTime() - nextWorkerPoll >= 0) {
                    nextWorkerPoll = System.nanoTime() + WORKER_POLL.toNanos();
                    for (RestoreWorker.RunningRestore running : worker.running()) {
                        String[] source = String.valueOf(running.source()).split("\\.", 2);
                        if (source.length == 2 && matches(source[0], source[1], databaseFilter, schemaFilter)) {
                            board.on(running).ifPresent(job -> printProgress(out, job));
                        }
                    }
                }
                if (System.nanoTime() - deadline >= 0) {
                    return maxEvents == null ? Exit.OK : Exit.TIMEOUT;
                }
            }
        }
    }

    private static boolean matches(String db, String schemaName, String databaseFilter, String schemaFilter) {
        return (databaseFilter == null || databaseFilter.equals(db))
                && (schemaFilter == null || schemaFilter.equals(schemaName));
    }

    private void printEvent(PrintWriter out, Event event) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("topic", event.topic());
            doc.put("event", Json.event(event));
            out.println(Json.write(doc));
        } else {
            out.println(describe(event));
        }
        out.flush();
    }

    private void printProgress(PrintWriter out, ProgressBoard.Job job) {
        if (json) {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("id", job.id().toString());
            progress.put("subject", job.subject());
            progress.put("kind", job.kind());
            progress.put("stage", job.stage());
            progress.put("percent", job.percent());
            out.println(Json.write(Map.of("progress", progress)));
        } else {
            out.println(job.bar());
        }
        out.flush();
    }

    /** {@code <occurredAt> <topic> <database.schema> <what happened>}. */
    static String describe(Event event) {
        String head = event.occurredAt().truncatedTo(ChronoUnit.SECONDS) + " " + String.format("%-17s", event.topic())
                + " " + event.database() + "." + event.schema() + " ";
        if (event instanceof BackupRequested r) {
            return head + "requestId=" + r.requestId() + " " + r.trigger() + " " + r.tiers() + " by " + r.requestedBy();
        } else if (event instanceof BackupCompleted c) {
            String key = Optional.ofNullable(c.objects()).flatMap(o -> o.stream().findFirst()).map(StoredObject::key)
                    .orElse("-");
            String took = c.startedAt() != null && c.finishedAt() != null
                    ? String.format(Locale.ROOT, " in %.1f s",
                    Duration.between(c.startedAt(), c.finishedAt()).toMillis() / 1000.0) : "";
            return head + "backupId=" + c.backupId() + " " + key + " (" + StatusTable.size(c.sizeBytes()) + ")" + took;
        } else if (event instanceof BackupFailed f) {
            return head + "requestId=" + f.requestId() + " attempt " + f.attempt()
                    + (f.retryable() ? " (will be retried)" : "") + ": " + f.reason();
        } else if (event instanceof RestoreRequested r) {
            return head + "restoreId=" + r.restoreId() + " " + r.mode() + " from "
                    + (r.key() != null ? r.key() : "latest") + " into " + r.targetDatabaseOrDefault() + " by "
                    + r.requestedBy();
        } else if (event instanceof RestoreEvent answer && KafkaBus.restoreIdOf(answer) != null) {
            return head + RestoreRun.describe(answer).replace(" of " + answer.messageKey(), "");
        }
        return head.stripTrailing();
    }
}
