package com.aquastream.backup.backupctl;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code backupctl status}: the manual's monitoring check, ✓ or ✗ per configured schema, from the catalog's
 * {@code GET /api/status}.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints the catalog's check of every configured schema: ✓ (latest backup completed) or ✗.",
        footer = {"", "Exit codes: 0 every schema ✓, 1 any ✗ (or the catalog refused the read), "
                + "69 the catalog unreachable.",
                "The catalog is CATALOG_URL (default http://127.0.0.1:8083), its token CATALOG_API_TOKEN, else "
                        + ".run/catalog-api-token."})
final class StatusCommand implements Callable<Integer> {

    static final String PATH = "/api/status";

    private final Context context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print the catalog's answer as it is")
    private boolean json;

    StatusCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String body = context.catalog().get().get(PATH);
        JsonNode rows = Json.catalogList(body, PATH, "schemas");
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? body.strip() + "\n" : StatusTable.format(rows));
        out.flush();
        boolean allOk = rows.size() > 0;
        for (JsonNode row : rows) {
            allOk &= row.path("ok").asBoolean(false);
        }
        return allOk ? Exit.OK : Exit.ERROR;
    }
}
