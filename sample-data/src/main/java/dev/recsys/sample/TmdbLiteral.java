package dev.recsys.sample;

import dev.recsys.sample.TmdbVocabulary.Dict;
import java.util.List;

/**
 * The two syntaxes of TMDB list cells. The Movies Dataset stored Python reprs
 * ({@code [{'id': 16, 'name': 'Animation'}]}, {@code None}, {@code True}); TMDB 5000 stored
 * {@code json.dumps} output, whose default {@code ensure_ascii} writes {@code é} as {@code \u00e9}.
 */
enum TmdbLiteral {
    PYTHON, JSON;

    void list(StringBuilder b, List<? extends Dict> items) {
        b.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            dict(b, items.get(i));
        }
        b.append(']');
    }

    void dict(StringBuilder b, Dict dict) {
        Object[] keysAndValues = dict.keysAndValues();
        b.append('{');
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                b.append(", ");
            }
            string(b, (String) keysAndValues[i]);
            b.append(": ");
            value(b, keysAndValues[i + 1]);
        }
        b.append('}');
    }

    private void value(StringBuilder b, Object value) {
        if (value == null) {
            b.append(this == PYTHON ? "None" : "null");
        } else if (value instanceof String s) {
            string(b, s);
        } else if (value instanceof Boolean flag) {
            b.append(this == PYTHON ? (flag ? "True" : "False") : flag.toString());
        } else {
            b.append(value);
        }
    }

    private void string(StringBuilder b, String s) {
        if (this == PYTHON) {
            python(b, s);
        } else {
            json(b, s);
        }
    }

    private static void python(StringBuilder b, String s) {
        // repr() switches to double quotes only when that saves escaping: a ' inside and no ".
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        b.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c == quote) {
                        b.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        b.append(c < 0x10 ? "\\x0" : "\\x").append(Integer.toHexString(c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append(quote);
    }

    private static void json(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        // Java chars are UTF-16 units, so astral characters come out as the same surrogate pairs as Python's.
                        String hex = Integer.toHexString(c);
                        b.append("\\u").append("000", 0, 4 - hex.length()).append(hex);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
