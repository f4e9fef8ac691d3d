package com.aquastream.backup.backupctl;

import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backupctl backup [all|SCHEMA]}: the manual's {@code make backup}. One {@code backup.requested} per schema,
 * tier and trigger MANUAL, the same document bin/request-backup writes, with the services' CloudEvents headers.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Requests a MANUAL backup of every schema (all) or of one, and prints the request ids.",
        footer = {"", "Exit codes: 0 published, 64 usage, 69 no Kafka broker within --kafka-timeout, 1 other errors.",
                "Follow the outcome with: backupctl follow"})
final class BackupCommand implements Callable<Integer> {

    /** What {@code all} means, as in bin/request-backup: the manual's six schemas. */
    static final List<String> ALL_SCHEMAS = List.of("user", "event", "crew", "payment", "notification", "media");

    private final Context context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "all", paramLabel = "all|SCHEMA",
            description = "all (the default) or one schema")
    private String target;

    @Option(names = "--database", paramLabel = "DB", description = "default: $BACKUP_DATABASE, else aquastream")
    private String database;

    @Option(names = "--json", description = "print the requests as a JSON array")
    private boolean json;

    @Mixin
    private KafkaOptions kafka;

    BackupCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String db = Names.identifier("database", database != null ? database : context.settings().database());
        List<String> schemas = "all".equals(target) ? ALL_SCHEMAS : List.of(Names.identifier("schema", target));
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        String requestedBy = context.settings().user();

        List<BackupRequested> requests = schemas.stream()
                .map(schema -> new BackupRequested(UUID.randomUUID(), now, db, schema, UUID.randomUUID(),
                        List.of(Tier.MANUAL), Trigger.MANUAL, requestedBy, now))
                .toList();
        List<BackupRequested> published = new ArrayList<>();
        try (Bus bus = context.bus().apply(kafka.timeout(context.settings()))) {
            for (BackupRequested request : requests) {
                bus.publish(request);
                published.add(request);
            }
        } finally {
            print(spec.commandLine().getOut(), published);
        }
        return Exit.OK;
    }

    private void print(PrintWriter out, List<BackupRequested> published) {
        if (json) {
            List<Map<String, String>> rows = published.stream().map(BackupCommand::row).toList();
            out.println(Json.write(rows));
        } else {
            published.forEach(r -> out.println("requested backup of " + r.database() + "." + r.schema()
                    + ": requestId=" + r.requestId()));
        }
        out.flush();
    }

    private static Map<String, String> row(BackupRequested r) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("database", r.database());
        row.put("schema", r.schema());
        row.put("requestId", r.requestId().toString());
        row.put("eventId", r.eventId().toString());
        return row;
    }
}
