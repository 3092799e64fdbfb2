package dev.recsys.platform.error;

/**
 * Whether a text has something a tokenizer reads: a letter, digit, punctuation mark or symbol. Java's
 * {@code isBlank} lets through text that the text model's tokenizer strips to nothing (a zero-width space, a
 * byte-order mark, a soft hyphen, combining marks alone, the replacement character that stands for invalid UTF-8);
 * such text is refused as a 400 naming its field instead of failing inside the model.
 */
public final class ReadableText {

    private ReadableText() {
    }

    public static boolean isReadable(String text) {
        return text != null && text.codePoints().anyMatch(ReadableText::readable);
    }

    private static boolean readable(int c) {
        if (c == 0xFFFD) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                 Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
