package com.aquastream.backup.backupctl;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code backupctl restore-all}: the manual's {@code make restore-all} (disaster recovery), through the catalog. Asks
 * {@code POST /api/restores/all} (one signed {@code restore.requested} per configured schema, one batch id; the catalog
 * signs, so no signing key is needed here), then follows {@code GET /api/restores?batchId=} and prints each schema's
 * progress until every restore has its answer. Schemas with backups that are not configured are listed, not restored.
 * Behaves, prints and exits as bin/request-restore-all did, which is now a wrapper over it.
 */
@Command(name = "restore-all", mixinStandardHelpOptions = true,
        description = "Restores every configured schema of a database from its newest backup (or the newest at or "
                + "before --as-of) through the catalog, and follows the batch until every schema has its answer.",
        footer = {"", "Exit codes: 0 every configured schema restored (completed, or verified with --verify); "
                + "1 a restore failed or was rejected, or a configured schema was skipped (without --allow-skipped); "
                + "2 no answer for every schema within --timeout; 64 usage; 69 the catalog unreachable or refusing.",
                "The catalog is CATALOG_URL (default http://127.0.0.1:8083), its token CATALOG_API_TOKEN, else "
                        + ".run/catalog-api-token; RESTORE_POLL_SECONDS (5) between two looks at the batch."})
final class RestoreAllCommand implements Callable<Integer> {

    static final String PATH = "/api/restores/all";
    /** A restore failed or was rejected, or a configured schema had nothing to restore. */
    static final int NOT_ALL_RESTORED = 1;
    /** Not every restore of the batch had an answer in time (bin/request-restore-all's 2, kept for scripts). */
    static final int NO_ANSWER_IN_TIME = 2;

    private final Context context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--database", paramLabel = "DB", description = "default: $BACKUP_DATABASE, else aquastream")
    private String database;

    @Option(names = "--as-of", paramLabel = "ISO",
            description = "each schema from its newest backup finished at or before this instant "
                    + "(e.g. 2025-08-18T02:30:00Z); default: the newest")
    private String asOf;

    @Option(names = "--target", paramLabel = "DB", description = "restore into DB instead of the source database")
    private String target;

    @Option(names = "--verify", description = "restore into scratch databases and compare row counts instead")
    private boolean verify;

    @Option(names = "--no-safety-backup", description = "skip the PRE_RESTORE backup of each target schema")
    private boolean noSafetyBackup;

    @Option(names = "--force", description = "replace schemas even when objects in other schemas depend on them")
    private boolean force;

    @Option(names = "--allow-skipped",
            description = "succeed even when configured schemas had no backup to restore (default: a failure)")
    private boolean allowSkipped;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "how long to follow the batch; default $RESTORE_WAIT_SECONDS, else 7200")
    private Long timeoutSeconds;

    @Option(names = "--json", description = "print only the outcome, as one JSON document")
    private boolean json;

    RestoreAllCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        String db = Names.identifier("database", database != null ? database : context.settings().database());
        String targetDb = target == null ? null : Names.identifier("target database", target);
        Instant asOfTime = asOf == null ? null : parseInstant(asOf);
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            throw BackupctlException.usage("--timeout wants a positive number of seconds");
        }
        if (context.settings().catalogToken().isEmpty()) {
            throw BackupctlException.usage("no catalog API token: set CATALOG_API_TOKEN (or run bin/run-local)");
        }
        Duration timeout = timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds)
                : context.settings().restoreWait();
        String mode = verify ? "VERIFY" : "RESTORE";
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Catalog catalog = context.catalog().get();

        // 1. Ask for the batch.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("database", db);
        body.put("mode", mode);
        body.put("safetyBackup", !noSafetyBackup);
        body.put("force", force);
        if (asOfTime != null) {
            body.put("asOf", asOfTime.toString());
        }
        if (targetDb != null) {
            body.put("targetDatabase", targetDb);
        }
        JsonNode accepted = parse(catalog.post(PATH, Json.write(body)), "POST " + PATH);
        String batch = accepted.path("batchId").asString();
        int expected = accepted.path("restores").size();
        int skipped = accepted.path("skipped").size();
        Map<UUID, String> schemaOf = new HashMap<>();
        accepted.path("restores").forEach(r -> schemaOf.put(uuid(r.path("restoreId").asString()),
                r.path("schema").asString()));

        // 2. Say what it covers.
        if (!json) {
            out.println("restore-all " + batch + " of " + db + " ("
                    + (asOfTime != null ? "as of " + asOfTime + ", " : "") + mode + ", safety backup: "
                    + !noSafetyBackup + (targetDb != null ? ", into " + targetDb : "") + "):");
            accepted.path("restores").forEach(r -> out.println("  " + r.path("schema").asString() + ": "
                    + r.path("key").asString() + " (backup " + r.path("backupId").asString() + ")"));
            accepted.path("skipped").forEach(s -> out.println("  " + s.path("schema").asString() + ": SKIPPED, "
                    + s.path("reason").asString()));
            // Informational only: not configured, so not part of this restore-all (and not a reason to fail).
            accepted.path("unconfigured").forEach(u -> out.println("  " + u.path("schema").asString()
                    + ": not configured, not restored (its newest backup is " + u.path("backupId").asString() + ", "
                    + u.path("key").asString() + "; restore it alone with POST /api/restores)"));
            out.flush();
        }

        // 3. Follow the batch until every restore has its answer.
        Map<String, String> shown = new HashMap<>();
        Map<String, String> steps = new HashMap<>();
        JsonNode restores = Json.read("[]");
        long deadline = System.nanoTime() + timeout.toNanos(); // real time, whatever the clock says
        Duration poll = context.settings().restorePoll();
        RestoreWorker worker = context.restoreWorker().get();
        while (expected > 0) {
            try {
                restores = parse(catalog.get("/api/restores?batchId=" + batch), "GET /api/restores");
                printChanges(out, restores, shown);
                if (count(restores, "terminal") >= expected) {
                    break;
                }
                if (!json) {
                    worker.running().stream().filter(r -> schemaOf.containsKey(r.restoreId())).forEach(r -> {
                        String schema = schemaOf.get(r.restoreId());
                        if (!r.step().equals(steps.put(schema, r.step()))) {
                            out.println("  " + schema + ": " + r.step() + " (running " + r.runningSeconds() + " s)");
                        }
                    });
                }
            } catch (BackupctlException e) {
                err.println("  (" + e.getMessage() + " while polling; retrying)");
                err.flush();
            }
            out.flush();
            if (System.nanoTime() - deadline >= 0) {
                err.println("no answer for every restore within " + timeout.toSeconds() + " s; follow it with: "
                        + "curl -H \"Authorization: Bearer $(cat .run/catalog-api-token)\" "
                        + context.settings().catalogUrl() + "/api/restores?batchId=" + batch);
                printJson(out, batch, db, accepted, restores, expected, skipped, "TIMEOUT");
                return NO_ANSWER_IN_TIME;
            }
            Thread.sleep(poll.toMillis());
        }

        // 4. The verdict.
        int succeeded = count(restores, "succeeded");
        if (!json) {
            out.println("restore-all " + batch + ": " + succeeded + " of " + expected + " succeeded, " + skipped
                    + " skipped");
            out.flush();
        }
        if (succeeded < expected) {
            printJson(out, batch, db, accepted, restores, expected, skipped, "NOT_ALL_RESTORED");
            return NOT_ALL_RESTORED;
        }
        if (skipped > 0 && !allowSkipped) {
            err.println("some schemas had nothing to restore (--allow-skipped to accept)");
            printJson(out, batch, db, accepted, restores, expected, skipped, "SKIPPED");
            return NOT_ALL_RESTORED;
        }
        printJson(out, batch, db, accepted, restores, expected, skipped, "RESTORED");
        return Exit.OK;
    }

    /** One line per schema whose status changed: {@code   user: VERIFIED in 1.5 s}, {@code   crew: FAILED: ...}. */
    private void printChanges(PrintWriter out, JsonNode restores, Map<String, String> shown) {
        for (JsonNode r : restores) {
            String schema = r.path("schema").asString();
            String status = r.path("status").asString();
            if (status.equals(shown.put(schema, status)) || json) {
                continue;
            }
            StringBuilder line = new StringBuilder("  ").append(schema).append(": ").append(status);
            if (r.hasNonNull("durationMs")) {
                line.append(" in ").append(BigDecimal.valueOf(r.path("durationMs").asLong(), 3)
                        .stripTrailingZeros().toPlainString()).append(" s");
            }
            if (r.hasNonNull("reason")) {
                line.append(": ").append(r.path("reason").asString());
            }
            out.println(line);
        }
    }

    private void printJson(PrintWriter out, String batch, String db, JsonNode accepted, JsonNode restores,
                           int expected, int skipped, String outcome) {
        if (!json) {
            return;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("batchId", batch);
        doc.put("database", db);
        doc.put("outcome", outcome);
        doc.put("expected", expected);
        doc.put("succeeded", count(restores, "succeeded"));
        doc.put("skipped", skipped);
        doc.put("accepted", accepted);
        doc.put("restores", restores);
        out.println(Json.write(doc));
        out.flush();
    }

    private static int count(JsonNode restores, String flag) {
        int n = 0;
        for (JsonNode r : restores) {
            n += r.path(flag).asBoolean(false) ? 1 : 0;
        }
        return n;
    }

    private static JsonNode parse(String body, String what) {
        try {
            return Json.read(body);
        } catch (JacksonException e) {
            throw new BackupctlException(Exit.UNAVAILABLE, "the catalog's answer to " + what + " is not JSON: "
                    + e.getOriginalMessage());
        }
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return new UUID(0, 0);
        }
    }

    private static Instant parseInstant(String text) {
        if (!text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z")) {
            throw BackupctlException.usage("--as-of must be an ISO-8601 UTC instant such as 2025-08-18T02:30:00Z, "
                    + "was: " + text);
        }
        try {
            return Instant.parse(text.matches(".*T\\d{2}:\\d{2}Z") ? text.replace("Z", ":00Z") : text);
        } catch (DateTimeParseException e) {
            throw BackupctlException.usage("--as-of must be an ISO-8601 UTC instant such as 2025-08-18T02:30:00Z, "
                    + "was: " + text);
        }
    }
}
