package com.aquastream.backup.restore.recovery.pg;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads which names qualify others in the SQL pg_dump writes for a schema ({@code "user"."Account Status"},
 * {@code REFERENCES "user".accounts(id)}): pg_dump empties the {@code search_path}, so every object of another
 * schema is written schema-qualified, and those qualifiers are the schemas a schema's definitions need.
 *
 * <p>A qualifier is an identifier directly followed by a dot and another identifier, outside string literals,
 * comments and dollar-quoted bodies (function bodies are not checked when pg_dump's SQL creates them). Unquoted
 * identifiers fold to lower case, quoted ones keep their spelling. Table aliases in a view's text
 * ({@code m.id}) qualify columns the same way, so the result is a superset: callers keep only names that are
 * schemas (they have backups, or exist).
 */
final class SqlNames {

    private SqlNames() {
    }

    /** Every name that qualifies another in {@code sql}, in order of first appearance. */
    static Set<String> qualifiers(String sql) {
        Set<String> found = new LinkedHashSet<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = endOfLine(sql, i);
            } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (ch == '\'') {
                i = endOfQuoted(sql, i, '\'');
            } else if (ch == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                i = end < 0 ? n : end + tag.length();
            } else if (ch == '"' || isIdentifierStart(ch)) {
                int end = ch == '"' ? endOfQuoted(sql, i, '"') : endOfWord(sql, i);
                String name = ch == '"' ? sql.substring(i + 1, end - 1).replace("\"\"", "\"")
                        : sql.substring(i, end).toLowerCase(Locale.ROOT);
                if (end + 1 < n && sql.charAt(end) == '.'
                        && (sql.charAt(end + 1) == '"' || isIdentifierStart(sql.charAt(end + 1)))) {
                    found.add(name);
                }
                i = end;
            } else if (Character.isDigit(ch)) {
                i = endOfWord(sql, i); // a number (1.5) is no qualified name
            } else {
                i++;
            }
        }
        return found;
    }

    private static int endOfLine(String sql, int from) {
        int end = sql.indexOf('\n', from);
        return end < 0 ? sql.length() : end + 1;
    }

    /** Past the closing quote; a doubled quote inside is part of the text. */
    private static int endOfQuoted(String sql, int from, char quote) {
        int i = from + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int endOfWord(String sql, int from) {
        int i = from;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                || sql.charAt(i) == '$')) {
            i++;
        }
        return i;
    }

    /** {@code $tag$} or {@code $$} starting at {@code from}, else null (a positional parameter such as $1). */
    private static String dollarTag(String sql, int from) {
        int i = from + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            if (i == from + 1 && Character.isDigit(sql.charAt(i))) {
                return null;
            }
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(from, i + 1) : null;
    }

    private static boolean isIdentifierStart(char ch) {
        return Character.isLetter(ch) || ch == '_';
    }
}
