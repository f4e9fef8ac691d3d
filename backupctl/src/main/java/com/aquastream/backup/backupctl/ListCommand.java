package com.aquastream.backup.backupctl;

import com.aquastream.backup.events.Tier;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code backupctl list [SCHEMA]}: the catalog's backups, newest first ({@code GET /api/backups} with its filters
 * {@code database schema tier status limit}), as a table of what an operator picks a restore from: when, which schema,
 * the outcome, the tiers, the size and the key to pass to {@code restore}.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the catalog's backups, newest first, with the keys to restore from.",
        footer = {"", "Exit codes: 0 listed (also when none matched), 1 the catalog refused the query, 64 usage, "
                + "69 the catalog unreachable.",
                "The catalog is CATALOG_URL (default http://127.0.0.1:8083), its token CATALOG_API_TOKEN, else "
                        + ".run/catalog-api-token."})
final class ListCommand implements Callable<Integer> {

    static final String PATH = "/api/backups";
    private static final String[] HEADER = {"FINISHED", "SCHEMA", "STATUS", "TIERS", "SIZE", "KEY / PROBLEM"};
    /** The catalog's own bound on one answer. */
    private static final int MAX_LIMIT = 1000;

    private final Context context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCHEMA", description = "only this schema")
    private String schema;

    @Option(names = "--database", paramLabel = "DB", description = "only this database (default: all)")
    private String database;

    @Option(names = "--tier", paramLabel = "TIER",
            description = "only this tier: DAILY WEEKLY MONTHLY MANUAL PRE_RESTORE")
    private Tier tier;

    @Option(names = "--status", paramLabel = "STATUS", description = "only this status, e.g. COMPLETED or FAILED")
    private String status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "at most N backups (1 to 1000; default ${DEFAULT-VALUE})")
    private int limit;

    @Option(names = "--json", description = "print the catalog's answer as it is")
    private boolean json;

    ListCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String path = path();
        String body = context.catalog().get().get(path);
        JsonNode rows = Json.catalogList(body, PATH, "backups");
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? body.strip() + "\n" : format(rows));
        out.flush();
        return Exit.OK;
    }

    /** {@code /api/backups?schema=…&limit=…}: only the filters given, each checked before it leaves. */
    String path() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw BackupctlException.usage("--limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (database != null) {
            query.put("database", Names.identifier("database", database));
        }
        if (schema != null) {
            query.put("schema", Names.identifier("schema", schema));
        }
        if (tier != null) {
            query.put("tier", tier.name());
        }
        if (status != null) {
            query.put("status", Names.identifier("status", status.toLowerCase(Locale.ROOT)).toUpperCase(Locale.ROOT));
        }
        query.put("limit", Integer.toString(limit));
        StringJoiner joined = new StringJoiner("&", PATH + "?", "");
        query.forEach((name, value) -> joined.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    static String format(JsonNode rows) {
        if (rows.isEmpty()) {
            return "no backup matches\n";
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (JsonNode row : rows) {
            String when = text(row, "finishedAt") != null ? text(row, "finishedAt") : text(row, "requestedAt");
            List<String> tiers = new ArrayList<>();
            row.path("tiers").forEach(t -> tiers.add(t.asString()));
            JsonNode objects = row.path("objects");
            String key = objects.isEmpty() ? null : objects.get(0).path("key").asString();
            String problem = text(row, "failureReason");
            String detail = problem != null ? problem : key == null ? "-" : key;
            lines.add(new String[] {when == null ? "-" : when, text(row, "database") + "." + text(row, "schema"),
                    String.valueOf(text(row, "status")), tiers.isEmpty() ? "-" : String.join(",", tiers),
                    row.hasNonNull("sizeBytes") ? StatusTable.size(row.path("sizeBytes").asLong()) : "-",
                    detail + (row.path("pinned").asBoolean(false) ? " (pinned)" : "")});
        }
        int backups = lines.size() - 1;
        return TextTable.render(lines) + backups + (backups == 1 ? " backup\n" : " backups\n");
    }

    private static String text(JsonNode row, String field) {
        JsonNode node = row.path(field);
        return node.isNull() || node.isMissingNode() ? null : node.asString();
    }
}
