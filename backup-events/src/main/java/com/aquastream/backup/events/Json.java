package com.aquastream.backup.events;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader and string writer, just enough for the event contract.
 *
 * <p>Parsed trees use plain Java types: {@link Map} (a {@link LinkedHashMap}, document order) for objects,
 * {@link List} for arrays, {@link String}, {@link NumberLiteral} (the literal's text, so no precision is lost before
 * the target type is known), {@link Boolean}, and {@code null}.
 *
 * <p>Package-private: the wire format is the contract, not this parser. It is hand-written because the
 * contracts module depends on the JDK only (STYLE rule 2).
 */
final class Json {

    /** A JSON number literal, kept as its exact text. */
    record NumberLiteral(String text) {

        boolean isInteger() {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final String text;
    private final int maxDepth;
    private int pos;

    private Json(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /**
     * Parses one JSON document.
     *
     * @throws MalformedEventException if the bytes are not UTF-8, not one well-formed JSON value, larger
     *                                 than {@code maxBytes}, nested deeper than {@code maxDepth}, or have an
     *                                 object with a repeated key
     */
    static Object parse(byte[] utf8, int maxBytes, int maxDepth) {
        if (utf8.length > maxBytes) {
            throw new MalformedEventException(
                    "document of " + utf8.length + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        Json parser = new Json(decodeUtf8(utf8), maxDepth);
        parser.skipWhitespace();
        if (parser.atEnd()) {
            throw new MalformedEventException("empty document: expected a JSON object");
        }
        Object value = parser.readValue(0);
        parser.skipWhitespace();
        if (!parser.atEnd()) {
            throw parser.error("unexpected " + parser.describeCurrent() + " after the end of the JSON value");
        }
        return value;
    }

    private static String decodeUtf8(byte[] bytes) {
        // REPORT rather than the default REPLACE: a byte that is not UTF-8 is a broken message,
        // not something to silently turn into U+FFFD.
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedEventException("document is not valid UTF-8", e);
        }
    }

    private Object readValue(int depth) {
        skipWhitespace();
        if (atEnd()) {
            throw error("unexpected end of document, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return readObject(depth + 1);
            case '[':
                return readArray(depth + 1);
            case '"':
                return readString();
            case 't':
                return readLiteral("true", Boolean.TRUE);
            case 'f':
                return readLiteral("false", Boolean.FALSE);
            case 'n':
                return readLiteral("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("unexpected " + describeCurrent() + ", expected a value");
        }
    }

    private Map<String, Object> readObject(int depth) {
        checkDepth(depth);
        pos++; // '{'
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describeCurrent() + ", expected a string as object key");
            }
            int keyStart = pos;
            String key = readString();
            skipWhitespace();
            expect(':', "after object key");
            Object value = readValue(depth);
            // A repeated key is ambiguous: two parsers may keep different values. For a signed
            // restore.requested that difference could be exploited, so refuse it outright.
            if (members.containsKey(key)) {
                pos = keyStart;
                throw error("duplicate key \"" + abbreviate(key) + "\"");
            }
            members.put(key, value);
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return members;
            } else {
                throw error("unexpected " + describeCurrent() + ", expected ',' or '}' in object");
            }
        }
    }

    private List<Object> readArray(int depth) {
        checkDepth(depth);
        pos++; // '['
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return elements;
        }
        while (true) {
            elements.add(readValue(depth));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return elements;
            } else {
                throw error("unexpected " + describeCurrent() + ", expected ',' or ']' in array");
            }
        }
    }

    private String readString() {
        pos++; // opening quote
        StringBuilder out = null;
        int runStart = pos;
        while (true) {
            if (atEnd()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = out == null ? text.substring(runStart, pos) : out.append(text, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("control character U+" + hex4(c) + " must be escaped in a string");
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, runStart, pos);
                out.append(readEscape());
                runStart = pos;
            } else {
                pos++;
            }
        }
    }

    private char readEscape() {
        pos++; // backslash
        if (atEnd()) {
            throw error("unterminated escape sequence");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (pos + 4 > text.length()) {
                    throw error("unterminated \\u escape");
                }
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(text.charAt(pos), 16);
                    if (digit < 0) {
                        throw error("invalid hex digit in \\u escape");
                    }
                    value = value * 16 + digit;
                    pos++;
                }
                // Unpaired surrogates are kept as they are: the writer escapes them the same way,
                // so every Java string round-trips exactly.
                return (char) value;
            default:
                pos--;
                throw error("invalid escape sequence \\" + c);
        }
    }

    private NumberLiteral readNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in number");
            }
        } else if (isDigit(peek())) {
            skipDigits();
        } else {
            throw error("expected a digit in number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            skipDigits();
        }
        return new NumberLiteral(text.substring(start, pos));
    }

    private Object readLiteral(String literal, Object value) {
        if (!text.startsWith(literal, pos)) {
            throw error("unexpected " + describeCurrent() + ", expected a value");
        }
        pos += literal.length();
        return value;
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw error("nesting deeper than " + maxDepth + " levels");
        }
    }

    private void expect(char c, String where) {
        if (peek() != c) {
            throw error("unexpected " + describeCurrent() + ", expected '" + c + "' " + where);
        }
        pos++;
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    /** The current character, or U+0000 at the end (never valid where a structural character is expected). */
    private char peek() {
        return atEnd() ? '\0' : text.charAt(pos);
    }

    private String describeCurrent() {
        if (atEnd()) {
            return "end of document";
        }
        char c = text.charAt(pos);
        if (c < 0x20 || c > 0x7e) {
            return "character U+" + hex4(c);
        }
        return "character '" + c + "'";
    }

    private MalformedEventException error(String problem) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new MalformedEventException("malformed JSON at line " + line + ", column " + column + ": " + problem);
    }

    private static String hex4(char c) {
        return String.format("%04X", (int) c);
    }

    /** Shortens a value quoted in an error message, so a huge field does not make a huge header. */
    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    /** Appends {@code s} as a JSON string literal. */
    static void writeString(StringBuilder out, String s) {
        out.append('"');
        int runStart = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = escapeOf(s, i, c);
            if (escape != null) {
                out.append(s, runStart, i).append(escape);
                runStart = i + 1;
            } else if (Character.isHighSurrogate(c)) {
                i++; // a valid pair: both halves go out as they are
            }
        }
        out.append(s, runStart, s.length()).append('"');
    }

    /** The escape for the character at {@code i}, or {@code null} if it is written as it is. */
    private static String escapeOf(String s, int i, char c) {
        switch (c) {
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\b':
                return "\\b";
            case '\f':
                return "\\f";
            default:
                break;
        }
        if (c < 0x20) {
            return "\\u" + hex4(c);
        }
        // An unpaired surrogate has no UTF-8 encoding (getBytes would turn it into '?'); escaping it
        // keeps the string exact on the wire.
        if (Character.isHighSurrogate(c)) {
            boolean paired = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            return paired ? null : "\\u" + hex4(c);
        }
        if (Character.isLowSurrogate(c)) {
            return "\\u" + hex4(c); // a low surrogate reached here is unpaired: pairs are skipped whole
        }
        return null;
    }
}
