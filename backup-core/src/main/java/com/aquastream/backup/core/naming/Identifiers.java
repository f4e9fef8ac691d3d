package com.aquastream.backup.core.naming;

import java.util.regex.Pattern;

/**
 * Allow-list validation of database, schema and instance names (DESIGN.md invariant 6), and quoting of names that
 * come from the database itself.
 *
 * <p>An identifier is a lower-case PostgreSQL-style name of at most 63 characters: {@code ^[a-z_][a-z0-9_]{0,62}$}.
 * Anything else (quotes, dots, slashes, whitespace, semicolons, upper case, non-ASCII) is rejected before it can reach
 * SQL, a process argument, a path or an object key. The pattern is deliberately stricter than what PostgreSQL allows:
 * the six schemas of the manual and every database we back up fit it, and a narrow pattern needs no escaping anywhere.
 *
 * <p>That rule is for names that come <em>from outside</em> (requests, configuration). Names that come from the
 * database's own catalog (tables, partitions, materialized views, columns) are whatever PostgreSQL allowed:
 * {@code "LoginHistory"}, {@code "audit log"}, {@code "a""b"}, {@code "заказы"}. They are never validated away;
 * {@link #quoteName} quotes them for SQL.
 */
public final class Identifiers {

    /** Longest identifier PostgreSQL keeps without truncation (NAMEDATALEN - 1). */
    public static final int MAX_LENGTH = 63;

    private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");
    private static final int SHOWN_CHARS = 40;

    private Identifiers() {
    }

    /** Whether {@code value} is a plain identifier; {@code null} is not. */
    public static boolean isIdentifier(String value) {
        // matches() must consume the whole input, so a trailing "\n" (which '$' alone would tolerate with find())
        // is rejected; the length check is redundant with {0,62} but keeps a hostile megabyte from reaching the regex.
        return value != null && value.length() <= MAX_LENGTH && IDENTIFIER.matcher(value).matches();
    }

    /**
     * Returns {@code value} if it is a plain identifier.
     *
     * @param what what the value names, for the message (e.g. "schema")
     * @throws InvalidIdentifierException otherwise, with a message like {@code schema "../etc" is not a plain identifier}
     */
    public static String requireIdentifier(String what, String value) {
        if (!isIdentifier(value)) {
            throw new InvalidIdentifierException(what + " " + describe(value) + " is not a plain identifier");
        }
        return value;
    }

    /**
     * Quotes a validated identifier for SQL ({@code user} → {@code "user"}), so reserved words such as {@code user}
     * work as schema or table names.
     *
     * @throws InvalidIdentifierException if {@code identifier} is not a plain identifier (quoting is not escaping)
     */
    public static String quote(String identifier) {
        requireIdentifier("identifier", identifier);
        return '"' + identifier + '"';
    }

    /**
     * Quotes a name read from the database's catalog for SQL, whatever its characters: doubled double quotes inside,
     * double quotes around ({@code LoginHistory} → {@code "LoginHistory"}, {@code a"b} → {@code "a""b"}). This is
     * PostgreSQL's own {@code quote_ident} rule, so every name the server accepted round-trips exactly.
     *
     * @throws IllegalArgumentException for an empty name or one holding a NUL character, which no PostgreSQL
     *                                  identifier can be (so the value did not come from a catalog)
     */
    public static String quoteName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a PostgreSQL name: " + describe(name));
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * A safe rendering of an untrusted value for messages: double-quoted, at most 40 characters shown, with quotes,
     * backslashes, control and non-ASCII characters escaped as {@code \\uXXXX} so it cannot forge log lines.
     */
    public static String describe(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(value.length(), SHOWN_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (value.length() > SHOWN_CHARS) {
            out.append("… (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}
