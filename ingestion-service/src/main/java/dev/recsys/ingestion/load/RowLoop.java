package dev.recsys.ingestion.load;

import dev.recsys.ingestion.source.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * The one row loop every loader runs: opens a source file, checks its header, skips blank lines,
 * counts the rows read, and turns a {@link RowRejected} into a reject naming the file and line
 * while the rest of the file loads. An unreadable or empty file, or a wrong header, fails the
 * whole ingestion with an {@link IngestionException}. Rows are handed over as raw bytes so that
 * hot loops (ratings, the IMDb filter) can skip or parse them without creating strings.
 */
public final class RowLoop {

    /** How {@link Row#text()} decodes a line. */
    public enum Decoding {
        /** Strict UTF-8: a line that is not valid UTF-8 is rejected. */
        UTF8,
        /** UTF-8 where the line is valid UTF-8, else ISO-8859-1 (the older MovieLens releases hold both). */
        UTF8_ELSE_LATIN1
    }

    /** What the first line of a file must be; {@link #NONE} when it is already data. */
    public record Header(String expectation, Predicate<String> accepts) {

        public static final Header NONE = null;

        /** A CSV header, compared without a byte-order mark, surrounding spaces or case. */
        public static Header columns(String columns) {
            return new Header("the header '" + columns + "'", line -> line.equalsIgnoreCase(columns));
        }

        public static Header startingWith(String prefix, String description) {
            return new Header(description, line -> line.startsWith(prefix));
        }
    }

    @FunctionalInterface
    public interface RowHandler {
        /** Handles one non-blank line; throws {@link RowRejected} to reject it. */
        void accept(Row row) throws SQLException;
    }

    /** The current line of the loop. */
    public static final class Row {
        private final LineReader lines;
        private final Decoding decoding;

        private Row(LineReader lines, Decoding decoding) {
            this.lines = lines;
            this.decoding = decoding;
        }

        public byte[] bytes() {
            return lines.buffer();
        }

        public int start() {
            return lines.start();
        }

        public int end() {
            return lines.end();
        }

        public long lineNumber() {
            return lines.lineNumber();
        }

        /** The line as text, decoded as the loop was told to. */
        public String text() {
            try {
                return lines.text();
            } catch (CharacterCodingException e) {
                if (decoding == Decoding.UTF8) {
                    throw new RowRejected("invalid UTF-8 byte sequence");
                }
                return new String(lines.buffer(), lines.start(), lines.end() - lines.start(), StandardCharsets.ISO_8859_1);
            }
        }
    }

    private RowLoop() {
    }

    /**
     * Runs {@code handler} on every non-blank row of {@code file} after its header, and adds the
     * number of rows read to {@code entity}'s counts. {@code progress} hears the bytes read.
     */
    public static void forEachRow(SourceFile file, LongConsumer progress, Header header, Decoding decoding,
                                  IngestionReport report, String entity, RowHandler handler) throws SQLException {
        long read = 0;
        try (LineReader lines = open(file, progress)) {
            if (!lines.next()) {
                throw new IngestionException(file.displayName() + " is empty");
            }
            if (header != Header.NONE) {
                check(lines, header);
            }
            Row row = new Row(lines, decoding);
            // Without a header, the line just read is the first row.
            boolean first = header == Header.NONE;
            while (first || lines.next()) {
                first = false;
                if (lines.isBlank()) {
                    continue;
                }
                read++;
                try {
                    handler.accept(row);
                } catch (RowRejected e) {
                    report.reject(entity, file.displayName(), lines.lineNumber(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            report.counts(entity).addRead(read);
        }
    }

    private static LineReader open(SourceFile file, LongConsumer progress) {
        try {
            return new LineReader(file.open(progress), file.displayName(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IngestionException("cannot open " + file.displayName() + ": " + e.getMessage(), e);
        }
    }

    private static void check(LineReader lines, Header header) {
        String found;
        try {
            found = lines.text().replace("\uFEFF", "").strip();
        } catch (CharacterCodingException e) {
            found = "(invalid UTF-8)";
        }
        if (!header.accepts().test(found)) {
            throw new IngestionException(lines.fileName() + " line 1: expected " + header.expectation()
                    + " but found '" + Fields.abbreviate(found) + "'");
        }
    }
}
