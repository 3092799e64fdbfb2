package dev.recsys.ingestion.movielens;

import dev.recsys.ingestion.load.Fields;
import dev.recsys.ingestion.load.RowRejected;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The CSV releases (ml-latest, ml-latest-small, ml-20m, ml-25m, ml-32m): RFC 4180 rows with a header. */
final class CsvReleaseReader implements LayoutReader {

    static final String MOVIE_COLUMNS = "movieId,title,genres";
    static final String LINK_COLUMNS = "movieId,imdbId,tmdbId";
    static final String TAG_COLUMNS = "userId,movieId,tag,timestamp";

    @Override
    public MovieRow movie(String line) {
        List<String> fields = fields(line, MOVIE_COLUMNS);
        int movieId = Fields.positiveId("movieId", fields.get(0));
        MovieTitles.TitleAndYear title = LayoutReader.title(fields.get(1));
        return new MovieRow(movieId, title.title(), title.year(), LayoutReader.genreList(fields.get(2)), null, null);
    }

    /** A links.csv row: the movie with only its IMDb and TMDB ids. */
    MovieRow link(String line) {
        List<String> fields = fields(line, LINK_COLUMNS);
        int movieId = Fields.positiveId("movieId", fields.get(0));
        Integer imdbId = fields.get(1).isBlank() ? null : Fields.positiveId("imdbId", fields.get(1));
        Integer tmdbId = fields.get(2).isBlank() ? null : Fields.positiveId("tmdbId", fields.get(2));
        return new MovieRow(movieId, null, null, null, imdbId, tmdbId);
    }

    @Override
    public List<String> tagFields(String line) {
        return fields(line, TAG_COLUMNS);
    }

    static List<String> fields(String line, String columns) {
        int expected = columns.split(",").length;
        List<String> fields;
        try (CSVParser parser = CSVParser.parse(line, CSVFormat.RFC4180)) {
            List<CSVRecord> records = parser.getRecords();
            fields = records.isEmpty() ? List.of() : records.get(0).toList();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new RowRejected("malformed CSV (unbalanced quotes?)");
        }
        if (fields.size() != expected) {
            throw new RowRejected("expected " + expected + " fields (" + columns + ") but found " + fields.size());
        }
        return fields;
    }
}
