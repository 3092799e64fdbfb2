package dev.recsys.model.hybrid;

import java.util.List;

/**
 * What the content encoder knows about a movie: MovieLens genres and title, IMDb people (by name,
 * cast in billing order), year, runtime, IMDb rating and votes, the sentence embedding of its text
 * ({@code dev.recsys.text.MovieText}: title, tags, plot; a unit vector, null when unknown) and of its
 * release text (title and plot only, what is known before release: the public-rating model reads this
 * one, as tags would tell it the answer), and TMDB's facts ({@link ReleaseFacts}). Any part may be missing.
 */
public record ItemContent(List<String> genres, String title, List<String> directors, List<String> writers,
                          List<String> cast, Integer year, Integer runtime, Float imdbRating, Integer imdbVotes,
                          float[] textVector, float[] releaseTextVector, ReleaseFacts release) {

    /** Without TMDB's facts. */
    public ItemContent(List<String> genres, String title, List<String> directors, List<String> writers,
                       List<String> cast, Integer year, Integer runtime, Float imdbRating, Integer imdbVotes,
                       float[] textVector, float[] releaseTextVector) {
        this(genres, title, directors, writers, cast, year, runtime, imdbRating, imdbVotes, textVector, releaseTextVector,
                null);
    }

    /** Without text vectors. */
    public ItemContent(List<String> genres, String title, List<String> directors, List<String> writers,
                       List<String> cast, Integer year, Integer runtime, Float imdbRating, Integer imdbVotes) {
        this(genres, title, directors, writers, cast, year, runtime, imdbRating, imdbVotes, null, null);
    }

    /** With the full text's vector only. */
    public ItemContent(List<String> genres, String title, List<String> directors, List<String> writers,
                       List<String> cast, Integer year, Integer runtime, Float imdbRating, Integer imdbVotes,
                       float[] textVector) {
        this(genres, title, directors, writers, cast, year, runtime, imdbRating, imdbVotes, textVector, null);
    }

    public static ItemContent empty() {
        return new ItemContent(List.of(), "", List.of(), List.of(), List.of(), null, null, null, null);
    }

    /** The same content with this text vector (null: none). */
    public ItemContent withText(float[] vector) {
        return new ItemContent(genres, title, directors, writers, cast, year, runtime, imdbRating, imdbVotes, vector,
                releaseTextVector, release);
    }

    /** The same content with this release-text vector (null: none). */
    public ItemContent withReleaseText(float[] vector) {
        return new ItemContent(genres, title, directors, writers, cast, year, runtime, imdbRating, imdbVotes, textVector,
                vector, release);
    }

    /** The same content with these TMDB facts (null: none). */
    public ItemContent withRelease(ReleaseFacts facts) {
        return new ItemContent(genres, title, directors, writers, cast, year, runtime, imdbRating, imdbVotes, textVector,
                releaseTextVector, facts);
    }
}
