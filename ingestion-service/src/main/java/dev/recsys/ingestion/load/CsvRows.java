package dev.recsys.ingestion.load;

import dev.recsys.ingestion.source.SourceFile;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * An RFC 4180 CSV file read record by record (quoted fields may span lines), strict UTF-8, each record
 * with the line it starts on. A malformed file (an unbalanced quote, bytes that are not UTF-8) fails the
 * load at its line: past that point no record boundary can be trusted.
 */
public final class CsvRows implements Closeable {

    private final SourceFile file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private long line;

    private CsvRows(SourceFile file, CSVParser parser) {
        this.file = file;
        this.parser = parser;
        this.records = parser.iterator();
    }

    /** Opens {@code file}; {@code progress} hears the bytes read (and may throw to cancel). */
    public static CsvRows open(SourceFile file, LongConsumer progress) {
        try {
            // Strict UTF-8: a byte sequence that is not fails the load with its line, not a silent '?'.
            Reader reader = new InputStreamReader(file.open(progress), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            return new CsvRows(file, CSVParser.parse(reader, CSVFormat.RFC4180));
        } catch (IOException e) {
            throw new IngestionException("cannot open " + file.displayName() + ": " + e.getMessage(), e);
        }
    }

    /** The next record, or null at the end of the file; {@link #line()} is then the line it starts on. */
    public CSVRecord next() {
        line = parser.getCurrentLineNumber() + 1;
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause() instanceof IOException io && io.getCause() != null ? io.getCause() : e.getCause();
            String reason = cause instanceof CharacterCodingException
                    ? "invalid UTF-8 byte sequence" : "malformed CSV (an unbalanced quote?)";
            throw failure(line, reason);
        }
    }

    /** The next record that is not a blank line, or null at the end. */
    public CSVRecord nextNonBlank() {
        CSVRecord record;
        do {
            record = next();
        } while (record != null && record.size() == 1 && record.get(0).isBlank());
        return record;
    }

    /** The line the last record starts on (1 is the header). */
    public long line() {
        return line;
    }

    public String displayName() {
        return file.displayName();
    }

    public IngestionException failure(long atLine, String reason) {
        return new IngestionException(file.displayName() + " line " + atLine + ": " + reason);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
