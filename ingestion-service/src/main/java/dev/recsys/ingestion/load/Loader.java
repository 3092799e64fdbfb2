package dev.recsys.ingestion.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Loads one source's files into the catalog inside the caller's transaction. Rows that are wrong
 * become rejects in the report; a file that is unusable as a whole throws
 * {@link IngestionException} and the caller rolls everything back. The progress callback a loader
 * is given throws {@link dev.recsys.platform.job.JobCancelledException} once a cancel was asked for: loaders call it on every
 * buffer read and with 0 bytes between phases.
 */
public interface Loader {

    /** What the ingestion record shows as the release, e.g. "MovieLens ml-1m (.dat)". */
    String description();

    /** The files it reads, for the progress total. */
    List<String> fileNames();

    void load(Connection connection) throws SQLException;

    /** Whether what it loads can change a movie's text (title, tags, genome tags, plot): then texts are embedded after it. */
    default boolean changesMovieTexts() {
        return true;
    }
}
