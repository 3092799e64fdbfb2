package dev.recsys.ingestion.movielens;

import dev.recsys.ingestion.load.DelimitedFields;
import dev.recsys.ingestion.load.Fields;
import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.PgBinaryCopy;
import dev.recsys.ingestion.load.RowLoop;
import dev.recsys.ingestion.load.RowLoop.Decoding;
import dev.recsys.ingestion.load.RowLoop.Header;
import dev.recsys.ingestion.load.RowRejected;
import dev.recsys.ingestion.load.StagingTables;
import dev.recsys.ingestion.source.SourceFile;
import dev.recsys.text.MovieText;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The tag genome of the big CSV releases: {@code genome-scores.csv} (movieId, tagId, relevance; 15M rows
 * in ml-25m) is streamed, and only each movie's most relevant tags are kept ({@value #MIN_RELEVANCE} or
 * more, at most {@value #PER_MOVIE}), named from {@code genome-tags.csv}. A movie in the scores file
 * gets exactly those genome tags; movies not in it keep theirs.
 */
final class GenomeLoader {

    static final String SCORES_FILE = "genome-scores.csv";
    static final String TAGS_FILE = "genome-tags.csv";
    static final float MIN_RELEVANCE = 0.5f;
    static final int PER_MOVIE = MovieText.MAX_GENOME_TAGS;

    private final IngestionReport report;
    private final LongConsumer progress;

    GenomeLoader(IngestionReport report, LongConsumer progress) {
        this.report = report;
        this.progress = progress;
    }

    /** Loads the pair; one file without the other fails the ingestion. */
    void load(Connection connection, SourceFile scores, SourceFile tags, IntSet knownMovies) throws SQLException {
        if (scores == null || tags == null) {
            String present = scores == null ? TAGS_FILE : SCORES_FILE;
            String missing = scores == null ? SCORES_FILE : TAGS_FILE;
            throw new IngestionException((scores == null ? tags : scores).displayName() + ": " + present
                    + " comes with " + missing + " (the tag genome is the pair), which is missing");
        }
        Map<Integer, String> names = readTagNames(tags);
        IntSet scoredMovies = new IntOpenHashSet();
        Int2ObjectOpenHashMap<TopTags> top = new Int2ObjectOpenHashMap<>();
        readScores(scores, names, knownMovies, scoredMovies, top);
        progress.accept(0);
        write(connection, names, scoredMovies, top);
    }

    private Map<Integer, String> readTagNames(SourceFile file) throws SQLException {
        Map<Integer, String> names = new HashMap<>();
        Map<String, Integer> idsByName = new HashMap<>();
        RowLoop.forEachRow(file, progress, Header.columns("tagId,tag"), Decoding.UTF8, report, "genome-tags", row -> {
            List<String> fields = CsvReleaseReader.fields(row.text(), "tagId,tag");
            int tagId = Fields.positiveId("tagId", fields.get(0));
            String tag = fields.get(1).strip();
            if (tag.isEmpty()) {
                throw new RowRejected("tag is empty");
            }
            Integer sameName = idsByName.putIfAbsent(tag, tagId);
            if (sameName != null) {
                throw new RowRejected("duplicate tag '" + Fields.abbreviate(tag) + "' (already tagId " + sameName + ")");
            }
            if (names.putIfAbsent(tagId, tag) != null) {
                idsByName.remove(tag);
                throw new RowRejected("duplicate tagId " + tagId);
            }
        });
        return names;
    }

    private void readScores(SourceFile file, Map<Integer, String> names, IntSet knownMovies, IntSet scoredMovies,
                            Int2ObjectOpenHashMap<TopTags> top) throws SQLException {
        DelimitedFields fields = new DelimitedFields(",", 3);
        RowLoop.forEachRow(file, progress, Header.columns("movieId,tagId,relevance"), Decoding.UTF8, report,
                "genome-scores", row -> {
                    int count = fields.split(row.bytes(), row.start(), row.end());
                    if (count != 3) {
                        throw new RowRejected("expected 3 fields (movieId, tagId, relevance) but found " + count);
                    }
                    int movieId = fields.positiveInt(0);
                    if (movieId < 0) {
                        throw new RowRejected("movieId '" + fields.text(0) + "' is not a positive integer");
                    }
                    int tagId = fields.positiveInt(1);
                    if (tagId < 0 || !names.containsKey(tagId)) {
                        throw new RowRejected("tagId '" + fields.text(1) + "' is not in " + TAGS_FILE);
                    }
                    if (!knownMovies.contains(movieId)) {
                        throw new RowRejected("unknown movieId " + movieId + ": it is neither in movies.csv nor in the catalog");
                    }
                    scoredMovies.add(movieId);
                    // Nearly all of the 15M rows are below the threshold: "0.0"-"0.4" are skipped unparsed.
                    if (belowThreshold(row.bytes(), fields.start(2), fields.end(2))) {
                        return;
                    }
                    float relevance = relevance(fields.text(2));
                    if (relevance >= MIN_RELEVANCE) {
                        top.computeIfAbsent(movieId, id -> new TopTags()).offer(tagId, relevance, movieId);
                    }
                });
    }

    private static boolean belowThreshold(byte[] bytes, int start, int end) {
        return end - start >= 3 && bytes[start] == '0' && bytes[start + 1] == '.' && bytes[start + 2] >= '0'
                && bytes[start + 2] <= '4';
    }

    private static float relevance(String value) {
        try {
            float relevance = Float.parseFloat(value.strip());
            if (relevance >= 0 && relevance <= 1) {
                return relevance;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RowRejected("relevance '" + Fields.abbreviate(value) + "' is not a number from 0 to 1");
    }

    private void write(Connection connection, Map<Integer, String> names, IntSet scoredMovies,
                       Int2ObjectOpenHashMap<TopTags> top) throws SQLException {
        StagingTables.prepare(connection, "genome_incoming", "movie_id integer, tag text, relevance real");
        try (PgBinaryCopy copy = PgBinaryCopy.start(connection, "genome_incoming", "movie_id, tag, relevance")) {
            for (var movie : top.int2ObjectEntrySet()) {
                TopTags tags = movie.getValue();
                for (int i = 0; i < tags.size; i++) {
                    copy.startRow(3);
                    copy.int4(movie.getIntKey());
                    copy.text(names.get(tags.tagIds[i]));
                    copy.float4(tags.relevances[i]);
                }
            }
            copy.finish();
        }
        // A movie scored anew keeps only its tags above the threshold now.
        try (PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM catalog.genome_tags g WHERE g.movie_id = ANY (?)
                AND NOT EXISTS (SELECT 1 FROM genome_incoming i WHERE i.movie_id = g.movie_id AND i.tag = g.tag)""")) {
            delete.setArray(1, connection.createArrayOf("integer", scoredMovies.toArray(new Integer[0])));
            delete.executeUpdate();
        }
        StagingTables.count(report.counts("genome-scores"), StagingTables.merge(connection, """
                INSERT INTO catalog.genome_tags AS g (movie_id, tag, relevance)
                SELECT movie_id, tag, relevance FROM genome_incoming
                ON CONFLICT (movie_id, tag) DO UPDATE SET relevance = EXCLUDED.relevance
                    WHERE g.relevance IS DISTINCT FROM EXCLUDED.relevance
                """));
    }

    /** A movie's most relevant tags so far: ties go to the lower tagId, so the choice never depends on row order. */
    private static final class TopTags {
        final int[] tagIds = new int[PER_MOVIE];
        final float[] relevances = new float[PER_MOVIE];
        int size;

        void offer(int tagId, float relevance, int movieId) {
            for (int i = 0; i < size; i++) {
                if (tagIds[i] == tagId) {
                    throw new RowRejected("duplicate score of tagId " + tagId + " for movie " + movieId);
                }
            }
            int at = size;
            while (at > 0 && ranksBefore(tagId, relevance, tagIds[at - 1], relevances[at - 1])) {
                at--;
            }
            if (at == PER_MOVIE) {
                return;
            }
            int last = Math.min(size, PER_MOVIE - 1);
            System.arraycopy(tagIds, at, tagIds, at + 1, last - at);
            System.arraycopy(relevances, at, relevances, at + 1, last - at);
            tagIds[at] = tagId;
            relevances[at] = relevance;
            size = Math.min(size + 1, PER_MOVIE);
        }

        private static boolean ranksBefore(int tagId, float relevance, int otherId, float otherRelevance) {
            return relevance > otherRelevance || (relevance == otherRelevance && tagId < otherId);
        }
    }
}
