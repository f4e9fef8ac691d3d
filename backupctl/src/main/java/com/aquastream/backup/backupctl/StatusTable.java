package com.aquastream.backup.backupctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** The status rows ({@code GET /api/status}) as an aligned table with a closing count. */
final class StatusTable {

    private static final String[] HEADER = {"", "SCHEMA", "AGE", "SIZE", "LATEST BACKUP / PROBLEM"};

    private StatusTable() {
    }

    static String format(JsonNode rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        int failing = 0;
        for (JsonNode row : rows) {
            boolean ok = row.path("ok").asBoolean(false);
            failing += ok ? 0 : 1;
            String latest = text(row, "latestKey");
            String problem = text(row, "problem");
            String detail = ok ? dash(latest) : (problem != null ? problem : "NO BACKUP FOUND")
                    + (latest != null ? " (last good: " + latest + ")" : "");
            lines.add(new String[] {ok ? "✓" : "✗", text(row, "database") + "." + text(row, "schema"),
                    row.hasNonNull("ageSeconds") ? age(row.path("ageSeconds").asLong()) : "-",
                    row.hasNonNull("sizeBytes") ? size(row.path("sizeBytes").asLong()) : "-", detail});
        }
        StringBuilder table = new StringBuilder(TextTable.render(lines));
        int schemas = lines.size() - 1;
        if (schemas == 0) {
            return "no schema is configured in the catalog\n";
        }
        table.append(schemas).append(schemas == 1 ? " schema, " : " schemas, ")
                .append(failing == 0 ? "all ✓" : failing + " ✗").append('\n');
        return table.toString();
    }

    /** {@code 45 s}, {@code 12 min}, {@code 5 h 3 min}, {@code 2 d 4 h}. */
    static String age(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h " + (minutes % 60) + " min";
        }
        return hours / 24 + " d " + hours % 24 + " h";
    }

    /** Binary units, one decimal: {@code 512 B}, {@code 1.5 KiB}, {@code 201.0 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String text(JsonNode row, String field) {
        JsonNode node = row.path(field);
        return node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    private static String dash(String text) {
        return text == null ? "-" : text;
    }
}
