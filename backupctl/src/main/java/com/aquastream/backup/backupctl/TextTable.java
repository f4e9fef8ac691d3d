package com.aquastream.backup.backupctl;

import java.util.List;

/** Rows of cells as left-aligned columns, two spaces apart; the last column is not padded. */
final class TextTable {

    private TextTable() {
    }

    static String render(List<String[]> lines) {
        int columns = lines.stream().mapToInt(l -> l.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                row.append(i == line.length - 1 ? line[i] : line[i] + " ".repeat(widths[i] - line[i].length()) + "  ");
            }
            table.append(row.toString().stripTrailing()).append('\n');
        }
        return table.toString();
    }
}
