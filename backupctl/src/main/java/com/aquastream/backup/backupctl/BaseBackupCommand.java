package com.aquastream.backup.backupctl;

import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.BaseBackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.events.WalEvent;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backupctl basebackup --cluster NAME}: a MANUAL {@code basebackup.requested} of a whole cluster (issue 17),
 * the starting point of point-in-time recoveries, and, unless {@code --no-wait}, the wal-archiver's answer to it
 * ({@code basebackup.completed} or {@code basebackup.failed} with the same request id), listened for before the request
 * goes out so it cannot be missed.
 */
@Command(name = "basebackup", mixinStandardHelpOptions = true,
        description = "Requests a base backup (pg_basebackup) of a whole cluster and waits for the wal-archiver's "
                + "answer.",
        footer = {"", "Exit codes: 0 completed (or sent, with --no-wait), 2 failed, 4 no answer within --timeout, "
                + "64 usage, 69 no Kafka broker within --kafka-timeout, 1 other errors."})
final class BaseBackupCommand implements Callable<Integer> {

    /** A base backup copies the whole cluster: longer than any one schema's dump. */
    static final Duration DEFAULT_WAIT = Duration.ofHours(2);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Context context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--cluster", paramLabel = "NAME", required = true,
            description = "the cluster, as the wal-archiver names it")
    private String cluster;

    @Option(names = "--no-wait", description = "send the request and exit without waiting for the answer")
    private boolean noWait;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long to wait for the answer; default 7200")
    private Long timeoutSeconds;

    @Option(names = "--json", description = "print the request and the outcome as JSON")
    private boolean json;

    @Option(names = "--show-event", description = "also print the answer itself, as the contract's JSON")
    private boolean showEvent;

    @Mixin
    private KafkaOptions kafka;

    BaseBackupCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            throw BackupctlException.usage("--timeout wants a positive number of seconds");
        }
        PrintWriter out = spec.commandLine().getOut();
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        BaseBackupRequested request = new BaseBackupRequested(UUID.randomUUID(), now,
                Names.identifier("cluster", cluster), WalEvent.CLUSTER_SCHEMA, UUID.randomUUID(), Trigger.MANUAL,
                Names.requester(context.settings().user(), context.settings().host()));
        Duration timeout = timeoutSeconds == null ? DEFAULT_WAIT : Duration.ofSeconds(timeoutSeconds);

        try (Bus bus = context.bus().apply(kafka.timeout(context.settings()))) {
            if (noWait) {
                bus.publish(request);
                printRequested(out, request, "not waiting");
                return Exit.OK;
            }
            try (Bus.Events answers = bus.subscribe(List.of(Topics.BASEBACKUP_COMPLETED, Topics.BASEBACKUP_FAILED),
                    false)) {
                bus.publish(request);
                if (!json) {
                    printRequested(out, request, "waiting...");
                }
                Optional<Event> answer = await(answers, request.requestId(), timeout);
                if (answer.isEmpty()) {
                    printTimeout(out, request, timeout);
                    return Exit.TIMEOUT;
                }
                printAnswer(out, answer.get());
                return answer.get() instanceof BaseBackupCompleted ? Exit.OK : Exit.RESTORE_FAILED;
            }
        }
    }

    /** The first answer to {@code requestId} heard within {@code timeout}. */
    private Optional<Event> await(Bus.Events answers, UUID requestId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Event event : answers.poll(POLL)) {
                if (requestId.equals(requestIdOf(event))) {
                    return Optional.of(event);
                }
            }
        }
        return Optional.empty();
    }

    static UUID requestIdOf(Event event) {
        if (event instanceof BaseBackupCompleted c) {
            return c.requestId();
        } else if (event instanceof BaseBackupFailed f) {
            return f.requestId();
        }
        return null;
    }

    /** One line per fact, the outcome first: {@code base backup <requestId> of main: COMPLETED ...}. */
    static String describe(Event answer) {
        StringBuilder text = new StringBuilder("base backup " + requestIdOf(answer) + " of " + answer.database()
                + ": ");
        if (answer instanceof BaseBackupCompleted c) {
            text.append("COMPLETED ").append(c.key()).append(" (").append(mebibytes(c.sizeBytes()))
                    .append(c.manifestVerified() ? ", manifest verified" : ", manifest NOT verified")
                    .append(") in ").append(Duration.between(c.startedAt(), c.finishedAt()).toSeconds()).append(" s")
                    .append("\n  backupId: ").append(c.backupId())
                    .append("\n  timeline ").append(c.timeline()).append(", WAL ").append(c.startLsn()).append(" .. ")
                    .append(c.endLsn())
                    .append("\n  recoverable from: ").append(c.finishedAt());
        } else if (answer instanceof BaseBackupFailed f) {
            text.append("FAILED after ").append(f.attempt()).append(f.attempt() == 1 ? " attempt" : " attempts")
                    .append(f.retryable() ? " (retryable)" : "").append(": ").append(f.reason());
        }
        return text.toString();
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private void printRequested(PrintWriter out, BaseBackupRequested request, String then) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("requestId", request.requestId().toString());
            doc.put("cluster", request.database());
            doc.put("outcome", "REQUESTED");
            doc.put("request", Json.event(request));
            out.println(Json.write(doc));
        } else {
            out.println("base backup " + request.requestId() + " of cluster " + request.database() + " requested; "
                    + then);
        }
        out.flush();
    }

    private void printTimeout(PrintWriter out, BaseBackupRequested request, Duration timeout) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("requestId", request.requestId().toString());
            doc.put("cluster", request.database());
            doc.put("outcome", "TIMEOUT");
            out.println(Json.write(doc));
        } else {
            out.println("base backup " + request.requestId() + ": no answer within " + timeout.toSeconds() + " s");
        }
        out.flush();
    }

    private void printAnswer(PrintWriter out, Event answer) {
        boolean completed = answer instanceof BaseBackupCompleted;
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("requestId", String.valueOf(requestIdOf(answer)));
            doc.put("cluster", answer.database());
            doc.put("outcome", completed ? "COMPLETED" : "FAILED");
            doc.put("topic", answer.topic());
            doc.put("event", Json.event(answer));
            out.println(Json.write(doc));
        } else {
            if (showEvent) {
                out.println(new String(new EventCodec().encode(answer), StandardCharsets.UTF_8));
            }
            out.println(describe(answer));
            out.println("base backup " + requestIdOf(answer) + ": " + (completed ? "done" : "NOT done"));
        }
        out.flush();
    }
}
