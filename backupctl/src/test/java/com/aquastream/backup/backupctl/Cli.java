package com.aquastream.backup.backupctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs the CLI in memory: a fake bus, catalog, restore-worker and processes, a fixed clock, captured output. */
final class Cli {

    static final Instant NOW = Instant.parse("2025-08-18T10:15:30.250Z");
    static final String SIGNING_KEY = "a-test-signing-key-of-at-least-32-bytes";

    final Map<String, String> environment = new HashMap<>(Map.of("USER", "alice", "HOSTNAME", "ops1",
            "RESTORE_SIGNING_KEY", SIGNING_KEY, "CATALOG_API_TOKEN", "test-token", "RESTORE_POLL_SECONDS", "0"));
    final FakeBus bus = new FakeBus();
    final FakeCatalog catalog = new FakeCatalog();
    /** What the restore-worker reports as running, asked afresh each time. */
    final List<RestoreWorker.RunningRestore> running = new CopyOnWriteArrayList<>();
    /** The child processes started, and the status each exits with. */
    final List<Started> started = new ArrayList<>();
    int childExitStatus;
    String childOutput = "";
    Duration kafkaTimeout;
    Path repositoryRoot;
    String catalogBody = "[]";
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    record Started(List<String> command, Map<String, String> environment, Path directory) {
    }

    static Cli aCli() {
        return new Cli();
    }

    int run(String... args) {
        catalog.defaultBody = () -> catalogBody;
        ChildProcesses processes = (command, env, directory, o, e) -> {
            started.add(new Started(command, env, directory));
            o.print(childOutput);
            return childExitStatus;
        };
        Context context = new Context(new Settings(environment, repositoryRoot), timeout -> {
            kafkaTimeout = timeout;
            return bus;
        }, () -> catalog, () -> () -> List.copyOf(running), processes, Clock.fixed(NOW, ZoneOffset.UTC));
        return Backupctl.run(context, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
