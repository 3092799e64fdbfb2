package dev.recsys.ingestion.tmdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Python literals that "The Movies Dataset" writes where JSON would be expected
 * ({@code [{'id': 16, 'name': 'Animation'}]}, {@code None}, {@code True}): lists, tuples, dicts, strings in
 * single or double quotes with Python's backslash escapes, integers, floats, {@code None}, {@code True} and
 * {@code False}. No Java library reads Python's {@code repr}, and rewriting it into JSON would need the same
 * string scanner, so this is that scanner. Lists come back as {@link List}, dicts as {@link Map} in file order,
 * integers as {@link Long}, other numbers as {@link Double}, {@code None} as null.
 */
final class PythonLiteral {

    /** A literal that is not one; the message says what was expected where. */
    static final class MalformedLiteral extends RuntimeException {
        MalformedLiteral(String message) {
            super(message);
        }
    }

    private static final int MAX_DEPTH = 32;

    private final String text;
    private int position;
    private int depth;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /** The value of {@code text}, which must be one literal (surrounding spaces allowed). */
    static Object parse(String text) {
        PythonLiteral parser = new PythonLiteral(text);
        Object value = parser.value();
        parser.skipSpaces();
        if (parser.position != text.length()) {
            throw parser.malformed("unexpected '" + text.charAt(parser.position) + "' after the value");
        }
        return value;
    }

    private Object value() {
        skipSpaces();
        if (position >= text.length()) {
            throw malformed("the value ends too early");
        }
        char c = text.charAt(position);
        return switch (c) {
            case '[' -> sequence('[', ']');
            case '(' -> sequence('(', ')');
            case '{' -> dict();
            case '\'', '"' -> string(c);
            default -> c == '-' || c == '+' || c == '.' || Character.isDigit(c) ? number() : word();
        };
    }

    private List<Object> sequence(char open, char close) {
        enter();
        position++;   // the opening bracket
        List<Object> items = new ArrayList<>();
        while (!closes(close)) {
            items.add(value());
            if (!separator(close)) {
                break;
            }
        }
        expect(close);
        depth--;
        return items;
    }

    private Map<String, Object> dict() {
        enter();
        position++;
        Map<String, Object> entries = new LinkedHashMap<>();
        while (!closes('}')) {
            Object key = value();
            skipSpaces();
            expect(':');
            entries.put(String.valueOf(key), value());
            if (!separator('}')) {
                break;
            }
        }
        expect('}');
        depth--;
        return entries;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Whether the next character (after spaces) closes the container; does not consume it. */
    private boolean closes(char close) {
        skipSpaces();
        return position < text.length() && text.charAt(position) == close;
    }

    /** Consumes a comma and says true, or sees the closing bracket and says false. */
    private boolean separator(char close) {
        skipSpaces();
        if (position < text.length() && text.charAt(position) == ',') {
            position++;
            return true;
        }
        if (position < text.length() && text.charAt(position) == close) {
            return false;
        }
        throw malformed("expected ',' or '" + close + "'");
    }

    private void expect(char c) {
        skipSpaces();
        if (position >= text.length() || text.charAt(position) != c) {
            throw malformed("expected '" + c + "'");
        }
        position++;
    }

    private String string(char quote) {
        int start = position++;
        StringBuilder b = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == quote) {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (position >= text.length()) {
                break;
            }
            char escaped = text.charAt(position++);
            switch (escaped) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case '0' -> b.append('\0');
                case '\\', '\'', '"' -> b.append(escaped);
                case 'x' -> b.appendCodePoint(hex(2));
                case 'u' -> b.appendCodePoint(hex(4));
                case 'U' -> b.appendCodePoint(hex(8));
                case '\n' -> { }   // a line continuation
                default -> b.append('\\').append(escaped);   // Python keeps an unknown escape as written
            }
        }
        position = start;
        throw malformed("a string that is never closed");
    }

    private int hex(int digits) {
        if (position + digits > text.length()) {
            throw malformed("a \\x, \\u or \\U escape without its " + digits + " hex digits");
        }
        try {
            int codePoint = Integer.parseInt(text.substring(position, position + digits), 16);
            if (!Character.isValidCodePoint(codePoint)) {
                throw malformed("an escape that is no character");
            }
            position += digits;
            return codePoint;
        } catch (NumberFormatException e) {
            throw malformed("a \\x, \\u or \\U escape without its " + digits + " hex digits");
        }
    }

    private Object number() {
        int start = position;
        while (position < text.length() && "+-.0123456789eE".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
        String literal = text.substring(start, position);
        try {
            return literal.matches("[+-]?\\d+") ? (Object) Long.parseLong(literal) : (Object) Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            position = start;
            throw malformed("'" + literal + "' is not a number");
        }
    }

    private Object word() {
        int start = position;
        while (position < text.length() && Character.isLetter(text.charAt(position))) {
            position++;
        }
        return switch (text.substring(start, position)) {
            case "None" -> null;
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            default -> {
                position = start;
                throw malformed("expected a value (a list, a dict, a string, a number, None, True or False)");
            }
        };
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private MalformedLiteral malformed(String reason) {
        return new MalformedLiteral(reason + (position >= text.length() ? " at the end of the text" : " at character " + (position + 1)));
    }
}
