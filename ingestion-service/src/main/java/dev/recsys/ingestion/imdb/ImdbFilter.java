package dev.recsys.ingestion.imdb;

import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.RowLoop;
import dev.recsys.ingestion.load.RowLoop.Decoding;
import dev.recsys.ingestion.load.RowLoop.Header;
import dev.recsys.ingestion.load.RowRejected;
import dev.recsys.ingestion.source.SourceFile;
import io.quarkus.logging.Log;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.sql.SQLException;
import java.util.function.LongConsumer;

/**
 * Streams one IMDb dump and hands over only the rows whose id (first column, {@code tt…} or
 * {@code nm…}) is in a keep set. Memory is bounded by the keep set, not by the file: a row that
 * does not match is skipped from its first bytes, before any string is made.
 */
final class ImdbFilter {

    /** IMDb's marker for a missing value. */
    static final String NULL = "\\N";

    @FunctionalInterface
    interface MatchHandler {
        /** A kept row: its numeric id and its tab-separated fields. */
        void accept(int id, String[] fields, long line);
    }

    private final LongConsumer progress;
    private final IngestionReport report;

    ImdbFilter(LongConsumer progress, IngestionReport report) {
        this.progress = progress;
        this.report = report;
    }

    void filter(SourceFile file, int columns, String idColumn, IntSet keep, MatchHandler handler) throws SQLException {
        String entity = file.name().replace(".tsv", "");
        String prefix = idColumn.equals("tconst") ? "tt" : "nm";
        long[] kept = {0};
        RowLoop.forEachRow(file, progress, Header.startingWith(idColumn + "\t", "an IMDb header starting with '"
                + idColumn + "'"), Decoding.UTF8, report, entity, row -> {
            int id = idFromBytes(row.bytes(), row.start(), row.end(), prefix);
            if (id < 0) {
                throw new RowRejected(idColumn + " is not an IMDb id (" + prefix + " followed by digits)");
            }
            if (!keep.contains(id)) {
                return;
            }
            String[] fields = row.text().split("\t", -1);
            if (fields.length != columns) {
                throw new RowRejected("expected " + columns + " tab-separated fields but found " + fields.length);
            }
            handler.accept(id, fields, row.lineNumber());
            kept[0]++;
        });
        Log.infof("IMDb %s: %d rows read, %d kept for the catalog", file.displayName(),
                report.counts(entity).snapshot().read(), kept[0]);
    }

    /** Parses "tt0114709" / "nm0000158" from the start of a line, without making a string; -1 if malformed. */
    private static int idFromBytes(byte[] bytes, int start, int end, String prefix) {
        if (end - start < 3 || bytes[start] != prefix.charAt(0) || bytes[start + 1] != prefix.charAt(1)) {
            return -1;
        }
        long id = 0;
        int i = start + 2;
        for (; i < end && bytes[i] != '\t'; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9 || id > Integer.MAX_VALUE / 10) {
                return -1;
            }
            id = id * 10 + digit;
        }
        return i == start + 2 ? -1 : (int) id;
    }
}
