package com.aquastream.backup.backupctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in memory: a fake bus and catalog, a fixed clock, captured output. */
final class Cli {

    static final Instant NOW = Instant.parse("2025-08-18T10:15:30.250Z");
    static final String SIGNING_KEY = "a-test-signing-key-of-at-least-32-bytes";

    final Map<String, String> environment = new HashMap<>(Map.of("USER", "alice", "HOSTNAME", "ops1",
            "RESTORE_SIGNING_KEY", SIGNING_KEY));
    final FakeBus bus = new FakeBus();
    Path repositoryRoot;
    String catalogBody = "[]";
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    static Cli aCli() {
        return new Cli();
    }

    int run(String... args) {
        Context context = new Context(new Settings(environment, repositoryRoot), () -> bus, () -> path -> catalogBody,
                Clock.fixed(NOW, ZoneOffset.UTC));
        return Backupctl.run(context, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
